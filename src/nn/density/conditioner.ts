/**
 * The small fully connected networks inside the estimators (Gaussian heads, coupling conditioners,
 * MADE). Kept local to the density folder so an estimator's spec is self-contained.
 *
 *   h_0 = x,   h_{l+1} = act((M_l ⊙ W_l)ᵀ-free form: h_l · (M_l ⊙ W_l) + b_l),   out = h_L · (M_L ⊙ W_L) + b_L
 *
 * M_l is an optional constant 0/1 mask (MADE's autoregressive masks); masking the weight rather than
 * the output keeps the masked connections' gradients exactly zero.
 *
 * Initialisation: He/Glorot-style normals for hidden layers; the output layer is scaled by
 * `outputScale` (small by default) so every flow starts close to the identity and every Gaussian
 * close to N(0, I) — the usual way to keep early training stable.
 *
 * A zero-width input (an unconditional density whose conditioner sees nothing) is fed as one
 * constant zero column, so the network reduces to a learned constant through its biases.
 *
 * Output heads: with `heads: [n_1, …, n_G]` the output layer is G separate dense maps from the last
 * hidden layer, returned as G tensors by `applyHeads`. Same function as one layer of Σ n_g outputs
 * split afterwards, but without the split: on the wasm backend slicing along the last axis (and its
 * gradient) costs ~10× a small matMul.
 */
import * as tf from '@tensorflow/tfjs';
import { standardNormalArray, childSeed } from './random.js';
import type { NamedVariable } from '../networks/types.js';

export type Activation = 'relu' | 'tanh' | 'elu';

export interface DenseStackOptions {
  inDim: number;
  hidden: number[];
  outDim: number;
  activation?: Activation;
  seed: number;
  /** Scale of the output layer's initial weights relative to Glorot (default 1e-2). */
  outputScale?: number;
  /** Initial bias of the output layer (default zeros), e.g. to spread mixture means apart. */
  outputBias?: Float32Array;
  /** One (fanIn, fanOut) 0/1 mask per layer, or none; the output layer's spans all heads. */
  masks?: Float32Array[];
  /** Output sizes of separate heads (sum = outDim); default one head. */
  heads?: number[];
}

export class DenseStack {
  readonly inDim: number;
  readonly outDim: number;
  private readonly weights: tf.Variable[] = [];
  private readonly biases: tf.Variable[] = [];
  private readonly masks: (tf.Tensor2D | null)[] = [];
  private readonly activation: Activation;
  /** Number of layers (hidden + output); the output layer has one weight/bias/mask per head. */
  private readonly depth: number;
  private readonly heads: number[];

  constructor(opts: DenseStackOptions) {
    this.inDim = opts.inDim;
    this.outDim = opts.outDim;
    this.activation = opts.activation ?? 'relu';
    this.heads = opts.heads ?? [opts.outDim];
    if (this.heads.reduce((a, b) => a + b, 0) !== opts.outDim) {
      throw new Error(`DenseStack: heads [${this.heads.join(', ')}] do not sum to outDim ${opts.outDim}`);
    }
    const widths = [Math.max(opts.inDim, 1), ...opts.hidden, opts.outDim];
    const last = widths.length - 2;
    this.depth = last + 1;
    for (let l = 0; l <= last; l++) {
      const fanIn = widths[l]!;
      const fanOut = widths[l + 1]!;
      const noise = standardNormalArray(fanIn * fanOut, childSeed(opts.seed, l));
      // He scaling for relu-like hidden layers keeps activations O(1) through depth.
      const std = l === last ? (opts.outputScale ?? 1e-2) * Math.sqrt(2 / (fanIn + fanOut)) : Math.sqrt(2 / fanIn);
      for (let i = 0; i < noise.length; i++) noise[i]! *= std;
      const mask = opts.masks?.[l];
      if (mask !== undefined && mask.length !== fanIn * fanOut) {
        throw new Error(`DenseStack: mask ${l} has ${mask.length} entries, expected ${fanIn}×${fanOut}`);
      }
      const bias = l === last && opts.outputBias ? opts.outputBias : new Float32Array(fanOut);
      // The output layer is cut into heads by columns (initial values as if it were one layer).
      const spans = l === last ? this.heads : [fanOut];
      let start = 0;
      for (const width of spans) {
        const cols = (a: Float32Array) => {
          const out = new Float32Array(fanIn * width);
          for (let i = 0; i < fanIn; i++) out.set(a.subarray(i * fanOut + start, i * fanOut + start + width), i * width);
          return out;
        };
        this.weights.push(keep(tf.tensor2d(cols(noise), [fanIn, width])));
        this.biases.push(keep(tf.tensor1d(bias.slice(start, start + width))));
        this.masks.push(mask === undefined ? null : tf.tensor2d(cols(mask), [fanIn, width]));
        start += width;
      }
    }
  }

  /** (B, n) = h (B, fanIn) · (M ⊙ W) + b for parameter set i. */
  private dense(h: tf.Tensor2D, i: number): tf.Tensor2D {
    const mask = this.masks[i];
    const w = mask ? (tf.mul(this.weights[i]!, mask) as tf.Tensor2D) : (this.weights[i] as tf.Tensor2D);
    return tf.add(tf.matMul(h, w), this.biases[i]!);
  }

  /** x (B, inDim) → one tensor (B, n_g) per head. */
  applyHeads(x: tf.Tensor2D): tf.Tensor2D[] {
    return tf.tidy(() => {
      let h: tf.Tensor2D = this.inDim === 0 ? tf.zeros([x.shape[0], 1]) : x;
      for (let l = 0; l < this.depth - 1; l++) h = this.activate(this.dense(h, l));
      return this.heads.map((_, g) => this.dense(h, this.depth - 1 + g));
    });
  }

  /** x (B, inDim) → (B, outDim); single-head networks only. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    if (this.heads.length !== 1) throw new Error('DenseStack.apply: this network has several heads; use applyHeads');
    return this.applyHeads(x)[0]!;
  }

  private activate(h: tf.Tensor2D): tf.Tensor2D {
    switch (this.activation) {
      case 'relu':
        return tf.relu(h);
      case 'tanh':
        return tf.tanh(h);
      case 'elu':
        return tf.elu(h);
    }
  }

  /** Weights named `${prefix}dense${l}/W`, `/b` (output heads: `/W${g}`, `/b${g}`), in `variables()` order. */
  namedVariables(prefix: string): NamedVariable[] {
    const out: NamedVariable[] = [];
    for (let i = 0; i < this.weights.length; i++) {
      const l = Math.min(i, this.depth - 1);
      const suffix = this.heads.length > 1 && i >= this.depth - 1 ? String(i - this.depth + 1) : '';
      out.push(
        { name: `${prefix}dense${l}/W${suffix}`, variable: this.weights[i]! },
        { name: `${prefix}dense${l}/b${suffix}`, variable: this.biases[i]! },
      );
    }
    return out;
  }

  variables(): tf.Variable[] {
    const out: tf.Variable[] = [];
    for (let l = 0; l < this.weights.length; l++) out.push(this.weights[l]!, this.biases[l]!);
    return out;
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
    for (const m of this.masks) m?.dispose();
  }
}

/** A trainable variable holding t's values; t itself is released. */
function keep(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}
