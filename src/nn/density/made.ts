/**
 * MADE (Germain et al. 2015): a fully connected network whose constant weight masks make output
 * block d depend only on y_{<d} (and on the context, which every hidden unit may see).
 *
 * Degrees: input y_i has degree i + 1 (i = 0 … D−1), context inputs degree 0, hidden unit k of
 * every layer degree k mod D. A hidden unit sees an input/hidden unit of degree ≤ its own; output
 * block d (degree d + 1) sees hidden units of degree < d + 1. Hence ∂θ_d/∂y_j = 0 for j ≥ d, which
 * makes the Jacobian of an autoregressive layer triangular. Degree-0 hidden units carry the
 * context alone, so output 0 (and everything when D = 1) depends on the context only.
 *
 * Output: one head per parameter group g, (B, D·n_g) coordinate-major, i.e. reshapes to (B, D, n_g).
 */
import * as tf from '@tensorflow/tfjs';
import { DenseStack, type Activation } from './conditioner.js';
import type { NamedVariable } from '../networks/types.js';

export interface MadeOptions {
  dim: number;
  contextDim: number;
  hidden: number[];
  /** Parameters per coordinate in each group (one network head per group). */
  paramGroups: readonly number[];
  activation?: Activation;
  seed: number;
  outputScale?: number;
}

/** The (fanIn, fanOut) 0/1 masks of every layer, row-major; output columns head after head. */
export function madeMasks(dim: number, contextDim: number, hidden: number[], paramGroups: readonly number[]): Float32Array[] {
  const inDeg = [...Array.from({ length: dim }, (_, i) => i + 1), ...new Array<number>(contextDim).fill(0)];
  const hiddenDeg = hidden.map((width) => Array.from({ length: width }, (_, k) => k % dim));
  const outDeg: number[] = [];
  for (const n of paramGroups) for (let d = 0; d < dim; d++) for (let p = 0; p < n; p++) outDeg.push(d + 1);
  const layers = [inDeg, ...hiddenDeg, outDeg];
  const masks: Float32Array[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const from = layers[l]!;
    const to = layers[l + 1]!;
    const isOutput = l + 2 === layers.length;
    const mask = new Float32Array(from.length * to.length);
    for (let i = 0; i < from.length; i++) {
      for (let j = 0; j < to.length; j++) {
        const ok = isOutput ? to[j]! > from[i]! : to[j]! >= from[i]!;
        mask[i * to.length + j] = ok ? 1 : 0;
      }
    }
    masks.push(mask);
  }
  return masks;
}

export class Made {
  private readonly net: DenseStack;
  readonly dim: number;
  readonly paramGroups: readonly number[];

  constructor(opts: MadeOptions) {
    this.dim = opts.dim;
    this.paramGroups = opts.paramGroups;
    this.net = new DenseStack({
      inDim: opts.dim + opts.contextDim,
      hidden: opts.hidden,
      outDim: opts.dim * opts.paramGroups.reduce((a, b) => a + b, 0),
      heads: opts.paramGroups.map((n) => opts.dim * n),
      activation: opts.activation ?? 'relu',
      seed: opts.seed,
      masks: madeMasks(opts.dim, opts.contextDim, opts.hidden, opts.paramGroups),
      ...(opts.outputScale === undefined ? {} : { outputScale: opts.outputScale }),
    });
  }

  /** y (B, D), context (B, C) → θ, one (B, D, n_g) per group. */
  apply(y: tf.Tensor2D, context: tf.Tensor2D): tf.Tensor3D[] {
    return tf.tidy(() => {
      const input = context.shape[1] === 0 ? y : tf.concat([y, context], 1);
      return this.net.applyHeads(input).map((out, g) => tf.reshape(out, [y.shape[0], this.dim, this.paramGroups[g]!]));
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
  }
}
