/**
 * Coupling layer (Dinh et al.), generic over the elementwise map g:
 *
 *   θ = NN([m ⊙ y, c]) ∈ R^{D×P} (one network head per parameter group),   z = m ⊙ y + (1 − m) ⊙ g(y; θ),
 *   log|det ∂z/∂y| = Σ_d (1 − m_d) log g'(y_d; θ_d)
 *
 * m is a constant 0/1 mask (1 = kept). The inverse recomputes θ from m ⊙ z = m ⊙ y and applies g⁻¹.
 * Masking instead of slicing keeps every op differentiable on every tfjs backend (stridedSlice has
 * no gradient); g is evaluated on the kept coordinates too and discarded, which costs little at the
 * dimensions amortized inference sees.
 *
 * Masks alternate even/odd coordinates from layer to layer, so each coordinate is transformed by
 * every other layer. D = 1: the mask is 0 and θ depends on the context only (a conditional
 * elementwise map — the only sensible "coupling" in one dimension).
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from './conditioner.js';
import { DenseStack } from './conditioner.js';
import type { ElementwiseTransform } from './elementwise.js';
import type { FlowLayer } from './flow.js';
import type { NamedVariable } from '../networks/types.js';
import { concatColumns } from './common.js';

/** Coupling mask of layer l: 1 = kept. Alternating even/odd coordinates; all 0 when D = 1. */
export function couplingMask(dim: number, layer: number): Float32Array {
  const m = new Float32Array(dim);
  if (dim === 1) return m;
  for (let i = 0; i < dim; i++) m[i] = (i + layer) % 2 === 0 ? 1 : 0;
  return m;
}

export interface CouplingLayerOptions {
  dim: number;
  contextDim: number;
  mask: Float32Array;
  hidden: number[];
  activation?: Activation;
  transform: ElementwiseTransform;
  seed: number;
  outputScale?: number;
}

export class CouplingLayer implements FlowLayer {
  private readonly net: DenseStack;
  private readonly keep: tf.Tensor2D; // (1, D)
  private readonly change: tf.Tensor2D; // (1, D) = 1 − keep
  private readonly transform: ElementwiseTransform;
  private readonly dim: number;
  /** 1 for the transformed coordinates: the transform may skip the others (their output is discarded). */
  private readonly active: Float32Array;

  constructor(opts: CouplingLayerOptions) {
    this.dim = opts.dim;
    this.transform = opts.transform;
    this.keep = tf.tensor2d(opts.mask, [1, opts.dim]);
    this.active = opts.mask.map((v) => 1 - v);
    this.change = tf.tensor2d(this.active, [1, opts.dim]);
    this.net = new DenseStack({
      inDim: opts.dim + opts.contextDim,
      hidden: opts.hidden,
      outDim: opts.dim * opts.transform.paramGroups.reduce((a, b) => a + b, 0),
      heads: opts.transform.paramGroups.map((n) => opts.dim * n),
      activation: opts.activation ?? 'relu',
      seed: opts.seed,
      ...(opts.outputScale === undefined ? {} : { outputScale: opts.outputScale }),
    });
  }

  /** θ, one (B, D, n_g) per group, from the kept coordinates of h (B, D) and the context (B, C). */
  private params(h: tf.Tensor2D, context: tf.Tensor2D): tf.Tensor3D[] {
    const heads = this.net.applyHeads(concatColumns([tf.mul(h, this.keep) as tf.Tensor2D, context]));
    return heads.map((out, g) => tf.reshape(out, [h.shape[0], this.dim, this.transform.paramGroups[g]!]));
  }

  forward(h: tf.Tensor2D, context: tf.Tensor2D): { out: tf.Tensor2D; logDet: tf.Tensor1D } {
    return tf.tidy(() => {
      const { y, logDeriv } = this.transform.forward(h, this.params(h, context), this.active);
      return {
        out: tf.add(tf.mul(h, this.keep), tf.mul(y, this.change)),
        logDet: tf.sum(tf.mul(logDeriv, this.change), 1),
      };
    });
  }

  inverse(h: tf.Tensor2D, context: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const x = this.transform.inverse(h, this.params(h, context), this.active);
      return tf.add(tf.mul(h, this.keep), tf.mul(x, this.change));
    });
  }

  variables(): tf.Variable[] {
    return this.net.variables();
  }

  namedVariables(prefix: string): NamedVariable[] {
    return this.net.namedVariables(prefix);
  }

  dispose(): void {
    this.net.dispose();
    this.keep.dispose();
    this.change.dispose();
  }
}
