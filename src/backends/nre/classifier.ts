/**
 * The estimator: a classifier logit on (parameters, data summary),
 *
 *   d(u_θ, x) = MLP([ũ, s(x)]),   ũ = (u_θ − m_u)/s_u,   s(x) = summary of x (../amortized DataEncoder),
 *
 * read as log r̂(θ, x). Pairs (u_θ, x) are formed by rolling rows within a batch: roll k pairs row b's
 * x with row (b + k) mod B's u_θ, a marginal pair when the batch is shuffled.
 */
import { Mlp, tf, Standardizer, type NamedVariable, type Module } from '../../runtime/nn/index.js';
import type { MlpConfig } from '../../runtime/nn/index.js';
import type { DataEncoder } from '../amortized/index.js';

export class RatioClassifier implements Module {
  readonly mlp: Mlp;

  constructor(
    readonly config: MlpConfig,
    /** Standardisation of u_θ (P features). */
    readonly uStd: Standardizer,
  ) {
    this.mlp = new Mlp(config);
  }

  get paramDim(): number {
    return this.uStd.featureSize;
  }

  /**
   * @param uStd (B, P) standardised u_θ
   * @param s    (B, C) summaries s(x)
   * @returns    (B) logits
   */
  logit(uStd: tf.Tensor2D, s: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.reshape(this.mlp.apply(tf.concat([uStd, s], 1)), [uStd.shape[0]]) as tf.Tensor1D);
  }

  /**
   * Logits of u_θ rows paired with rolled summaries: column k pairs s_b with u_{(b+k) mod B}.
   * @param uStd (B, P), s (B, C)
   * @returns    (B, K)
   */
  rolledLogits(uStd: tf.Tensor2D, s: tf.Tensor2D, K: number): tf.Tensor2D {
    return tf.tidy(() => {
      const B = uStd.shape[0];
      const cols: tf.Tensor1D[] = [];
      for (let k = 0; k < K; k++) {
        const rolled = k === 0 ? uStd : tf.concat([tf.slice(uStd, [k % B, 0], [B - (k % B), -1]), tf.slice(uStd, [0, 0], [k % B, -1])], 0);
        cols.push(this.logit(rolled as tf.Tensor2D, s));
      }
      return tf.stack(cols, 1) as tf.Tensor2D;
    });
  }

  /**
   * Logits for n rows against precomputed summaries, on the host (the sampler's and grid's hot path).
   * @param u       (n, P) param-block rows (not standardised)
   * @param s       (G, C) summaries of the G data sets
   * @param targets (n) data set of each row
   * @returns       (n) logits; −∞ for a non-finite row of u
   */
  logits(u: Float64Array, s: Float32Array, targets: Int32Array): Float64Array {
    const n = targets.length;
    const P = this.paramDim;
    const width = this.config.inputDim;
    const Cw = width - P;
    const input = new Float32Array(n * width);
    const bad = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < P; j++) {
        const v = (u[i * P + j]! - this.uStd.mean[j]!) / this.uStd.std[j]!;
        if (!Number.isFinite(v)) bad[i] = 1;
        input[i * width + j] = Number.isFinite(v) ? v : 0;
      }
      const g = targets[i]!;
      input.set(s.subarray(g * Cw, (g + 1) * Cw), i * width + P);
    }
    const out = tf.tidy(() => this.mlp.apply(tf.tensor2d(input, [n, width])).dataSync());
    return Float64Array.from(out, (v, i) => (bad[i] ? -Infinity : v));
  }

  weights(): NamedVariable[] {
    return this.mlp.weights();
  }

  dispose(): void {
    this.mlp.dispose();
    this.uStd.dispose();
  }
}

/** Summaries s(x) of G flat data sets → (G, C) float32. */
export function summarize(encoder: DataEncoder, xs: Float64Array[], dataDim: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(xs.flatMap((v) => Array.from(v))), [xs.length, dataDim]);
    return encoder.encode(x).dataSync() as Float32Array;
  });
}
