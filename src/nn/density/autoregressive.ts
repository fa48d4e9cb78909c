/**
 * Autoregressive layer (MAF, Papamakarios et al. 2017), generic over the elementwise map g:
 *
 *   z_d = g(y_d; θ_d(y_{<d}, c)),   θ = MADE(y, c),   log|det ∂z/∂y| = Σ_d log g'(y_d; θ_d)
 *
 * The density direction is one network pass. The inverse is sequential over D: starting from
 * y = 0, repeat D times y ← g⁻¹(z; MADE(y, c)); after pass d the coordinates ≤ d are exact
 * (θ_d only depends on y_{<d}), so D passes give the exact inverse. Cheap for the small D of
 * amortized inference; sampling is the slow direction by design (training is the fast one).
 */
import * as tf from '@tensorflow/tfjs';
import type { ElementwiseTransform } from './elementwise.js';
import type { FlowLayer } from './flow.js';
import { Made, type MadeOptions } from './made.js';
import type { NamedVariable } from '../networks/types.js';

export class AutoregressiveLayer implements FlowLayer {
  private readonly made: Made;

  constructor(
    opts: Omit<MadeOptions, 'paramGroups'>,
    private readonly transform: ElementwiseTransform,
  ) {
    this.made = new Made({ ...opts, paramGroups: transform.paramGroups });
  }

  forward(h: tf.Tensor2D, context: tf.Tensor2D): { out: tf.Tensor2D; logDet: tf.Tensor1D } {
    return tf.tidy(() => {
      const { y, logDeriv } = this.transform.forward(h, this.made.apply(h, context));
      return { out: y, logDet: tf.sum(logDeriv, 1) };
    });
  }

  inverse(h: tf.Tensor2D, context: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let x: tf.Tensor2D = tf.zerosLike(h);
      for (let d = 0; d < this.made.dim; d++) x = this.transform.inverse(h, this.made.apply(x, context));
      return x;
    });
  }

  variables(): tf.Variable[] {
    return this.made.variables();
  }

  namedVariables(prefix: string): NamedVariable[] {
    return this.made.namedVariables(prefix);
  }

  dispose(): void {
    this.made.dispose();
  }
}

/**
 * Reverses the coordinate order (a volume-preserving permutation, log|det| = 0) so that the next
 * autoregressive layer conditions in the opposite order. A product with a constant permutation
 * matrix rather than a gather: gather's gradient kernel is missing on the wasm backend.
 */
export class ReverseLayer implements FlowLayer {
  private readonly perm: tf.Tensor2D;

  constructor(dim: number) {
    const p = new Float32Array(dim * dim);
    for (let i = 0; i < dim; i++) p[i * dim + (dim - 1 - i)] = 1;
    this.perm = tf.tensor2d(p, [dim, dim]);
  }

  forward(h: tf.Tensor2D): { out: tf.Tensor2D; logDet: tf.Tensor1D } {
    return tf.tidy(() => ({ out: tf.matMul(h, this.perm), logDet: tf.zeros([h.shape[0]]) as tf.Tensor1D }));
  }

  inverse(h: tf.Tensor2D): tf.Tensor2D {
    // The reversal is its own inverse.
    return tf.matMul(h, this.perm);
  }

  variables(): tf.Variable[] {
    return [];
  }

  namedVariables(): NamedVariable[] {
    return [];
  }

  dispose(): void {
    this.perm.dispose();
  }
}
