/**
 * The estimator: a classifier logit on (parameters, data summary),
 *
 *   d(u_θ, x) = (1/M) Σ_m MLP_m([ũ, s(x)]),   ũ = (u_θ − m_u)/s_u,   s(x) = summary of x (../amortized DataEncoder),
 *
 * read as log r̂(θ, x). With M > 1 members (an ensemble, each from its own initial weights, trained on
 * its own loss) the mean of their logits is the geometric mean of their ratios: the members' errors
 * in log r are largely independent (they come from initialisation and from which shuffled pairs each
 * saw), so averaging shrinks them. Pairs (u_θ, x) are formed by rolling rows within a batch: offset k
 * pairs row b's x with row (b + k) mod B's u_θ, a marginal pair when k ≠ 0 and the batch is shuffled.
 */
import { Mlp, tf, Standardizer, type NamedVariable, type Module } from '../../nn/index.js';
import type { MlpConfig } from '../../nn/index.js';
import { checkEnsembleSize, type DataEncoder } from '../amortized/index.js';

/** The elementwise mean of the members' tensors (the tensor itself for one member). */
export function memberMean<T extends tf.Tensor>(each: T[]): T {
  return each.length === 1 ? each[0]! : (tf.div(tf.addN(each), each.length) as T);
}

/** Member m's initial-weight seed; member 0 keeps the configured seed (so one member is the plain classifier). */
function memberSeed(seed: number, m: number): number {
  return seed + 7919 * m;
}

export class RatioClassifier implements Module {
  /** The members' MLPs (one for a single classifier). */
  readonly mlps: Mlp[];

  constructor(
    readonly config: MlpConfig,
    /** Standardisation of u_θ (P features). */
    readonly uStd: Standardizer,
    /** Ensemble size M. */
    readonly members = 1,
  ) {
    checkEnsembleSize('nre', members);
    this.mlps = Array.from({ length: members }, (_, m) => new Mlp({ ...config, seed: memberSeed(config.seed, m) }));
  }

  get paramDim(): number {
    return this.uStd.featureSize;
  }

  /**
   * Member m's logits of u_θ rows paired with rolled summaries: column j pairs s_b with
   * u_{(b + offsets[j]) mod B}.
   * @param uStd (B, P) standardised u_θ
   * @param s    (B, C) summaries s(x)
   * @returns    (B, J) logits
   */
  pairLogits(uStd: tf.Tensor2D, s: tf.Tensor2D, offsets: readonly number[], member: number): tf.Tensor2D {
    return tf.tidy(() => {
      const B = uStd.shape[0];
      const cols = offsets.map((offset) => {
        const k = offset % B;
        const rolled = k === 0 ? uStd : tf.concat([tf.slice(uStd, [k, 0], [B - k, -1]), tf.slice(uStd, [0, 0], [k, -1])], 0);
        return tf.reshape(this.mlps[member]!.apply(tf.concat([rolled, s], 1)), [B]);
      });
      return tf.stack(cols, 1) as tf.Tensor2D;
    });
  }

  /**
   * Logits for n rows against precomputed summaries, on the host (the sampler's and grid's hot path):
   * the members' mean.
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
    const out = tf.tidy(() => {
      const x = tf.tensor2d(input, [n, width]);
      return memberMean(this.mlps.map((mlp) => mlp.apply(x))).dataSync();
    });
    return Float64Array.from(out, (v, i) => (bad[i] ? -Infinity : v));
  }

  /** Member 0's weights keep the single classifier's names (bundles saved before ensembles load unchanged). */
  weights(): NamedVariable[] {
    return this.mlps.flatMap((mlp, m) => mlp.weights().map((w) => (m === 0 ? w : { name: `member${m}/${w.name}`, variable: w.variable })));
  }

  dispose(): void {
    for (const mlp of this.mlps) mlp.dispose();
    this.uStd.dispose();
  }
}

/**
 * The shuffled-pair offsets member m trains on: offset 0 is the joint pair, then `negatives` offsets
 * in 1..B−1. Member 0 uses 1..negatives; each further member the next ones, so members see different
 * marginal pairs from the same batch (independent Monte Carlo noise in their losses).
 */
export function memberOffsets(member: number, negatives: number, B: number): number[] {
  return [0, ...Array.from({ length: negatives }, (_, j) => 1 + ((member * negatives + j) % Math.max(1, B - 1)))];
}

/** Summaries s(x) of G flat data sets → (G, C) float32. */
export function summarize(encoder: DataEncoder, xs: Float64Array[], dataDim: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(xs.flatMap((v) => Array.from(v))), [xs.length, dataDim]);
    return encoder.encode(x).dataSync() as Float32Array;
  });
}
