/**
 * The estimator: a conditional density q_φ(x | u_θ) on standardised scales,
 *
 *   log q(x | u_θ) = log q_φ(x̃ | ũ) + log|det ∂x̃/∂x|,   x̃ = (x − m_x)/s_x,  ũ = (u_θ − m_u)/s_u,
 *
 * evaluated for many (u_θ, x) rows in one network call — what the batched sampler needs.
 *
 * With i.i.d. replicates (`rows` = R > 1), x is R rows of d numbers, q models ONE row, and
 *
 *   log q(x | u_θ) = Σ_{r<R} log q(x_r | u_θ),
 *
 * so the flow stays d-dimensional and every simulated row is a training example.
 *
 * A 'full-gaussian' q (nn/density/whitened-gaussian.ts: same function, no D × D factor per
 * row) is evaluated at inference with the data sets' terms computed once per call.
 */
import { tf, Standardizer } from '../../nn/index.js';
import { FullGaussian, type ConditionalDensityEstimator, type PreparedData, type WhitenedGaussian } from '../../nn/density/index.js';

/** Floats of the largest intermediate per call in the fast path (16 MB). */
const FAST_FLOATS = 4_000_000;

export class LikelihoodEstimator {
  /** The fast exact evaluator when q is a full-covariance Gaussian, else null. */
  readonly fast: WhitenedGaussian | null;
  /** The fast path's data-set terms for the last standardised data array it saw. */
  private prepared: { key: Float32Array; data: PreparedData } | null = null;

  constructor(
    readonly flow: ConditionalDensityEstimator,
    /** Standardisation of u_θ (P features). */
    readonly uStd: Standardizer,
    /** Standardisation of one modelled row of x (d features; d = D when rows = 1). */
    readonly xStd: Standardizer,
    /** R, i.i.d. rows per data set (1: x is modelled whole). */
    readonly rows = 1,
  ) {
    this.fast = flow instanceof FullGaussian ? flow.whitened : null;
  }

  get paramDim(): number {
    return this.uStd.featureSize;
  }
  /** d, the size of one modelled row. */
  get rowDim(): number {
    return this.xStd.featureSize;
  }
  /** D = R · d, one data set's size. */
  get dataDim(): number {
    return this.rows * this.rowDim;
  }

  /** Data sets x (G, D) → standardised float32 rows (G, D), computed once per inference. */
  standardizeData(xs: Float64Array[]): Float32Array {
    const D = this.dataDim;
    const out = new Float32Array(xs.length * D);
    xs.forEach((x, g) => this.xStd.applyArray(x, out.subarray(g * D, (g + 1) * D)));
    return out;
  }

  /**
   * log q(x_{targets[i]} | u_i) for n rows (summed over a data set's replicates).
   * @param u        (n, P) param-block rows
   * @param xStd     (G, D) standardised data sets (from `standardizeData`)
   * @param targets  (n) which data set each row is paired with
   * @returns        (n) log-likelihoods; −∞ for a row of u that is not finite
   */
  logLikelihood(u: Float64Array, xStd: Float32Array, targets: Int32Array): Float64Array {
    const n = targets.length;
    const P = this.paramDim;
    const d = this.rowDim;
    const R = this.rows;
    const D = R * d;
    const u32 = this.uStd.applyArray(u, new Float32Array(n * P));
    const bad = new Uint8Array(n);
    for (let i = 0; i < n * P; i++) if (!Number.isFinite(u32[i]!)) { bad[(i / P) | 0] = 1; u32[i] = 0; }
    if (this.fast) return this.fastLogLikelihood(u32, bad, xStd, targets);
    // Row (i, r) of the network batch: replicate r of data set targets[i], context u_i.
    const y = new Float32Array(n * D);
    for (let i = 0; i < n; i++) y.set(xStd.subarray(targets[i]! * D, (targets[i]! + 1) * D), i * D);
    let ctx = u32;
    if (R > 1) {
      ctx = new Float32Array(n * R * P);
      for (let i = 0; i < n; i++) for (let r = 0; r < R; r++) ctx.set(u32.subarray(i * P, (i + 1) * P), (i * R + r) * P);
    }
    const lp = tf.tidy(() => this.flow.logProb(tf.tensor2d(y, [n * R, d]), tf.tensor2d(ctx, [n * R, P])).dataSync());
    const jac = R * this.xStd.logDetJacobian();
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = jac;
      for (let r = 0; r < R; r++) s += lp[i * R + r]!;
      out[i] = bad[i] ? -Infinity : s;
    }
    return out;
  }

  /**
   * The fast path: the data sets' terms once per `xStd` array (kept for the next call with the same
   * array: a sampler calls many times on one batch of data sets), then bounded chunks of
   * (u, replicate) pairs.
   */
  private fastLogLikelihood(u32: Float32Array, bad: Uint8Array, xStd: Float32Array, targets: Int32Array): Float64Array {
    const fast = this.fast!;
    const n = targets.length;
    const P = this.paramDim;
    const R = this.rows;
    if (this.prepared?.key !== xStd) {
      this.prepared?.data.dispose();
      this.prepared = { key: xStd, data: fast.prepare(xStd) };
    }
    const prepared = this.prepared.data;
    const chunk = Math.max(1, Math.floor(FAST_FLOATS / Math.max(prepared.K * prepared.K, this.rowDim)));
    const out = new Float64Array(n);
    for (let s = 0; s < n * R; s += chunk) {
      const e = Math.min(n * R, s + chunk);
      const rows = new Int32Array(e - s);
      const ctx = new Float32Array((e - s) * P);
      for (let q = s; q < e; q++) {
        const i = (q / R) | 0;
        rows[q - s] = targets[i]! * R + (q % R);
        ctx.set(u32.subarray(i * P, (i + 1) * P), (q - s) * P);
      }
      const lp = fast.logProbPrepared(prepared, ctx, P, rows);
      for (let q = s; q < e; q++) out[(q / R) | 0]! += lp[q - s]!;
    }
    const jac = R * this.xStd.logDetJacobian();
    for (let i = 0; i < n; i++) out[i] = bad[i] ? -Infinity : out[i]! + jac;
    return out;
  }

  dispose(): void {
    this.prepared?.data.dispose();
    this.prepared = null;
    this.flow.dispose(); // also the fast evaluator, which the flow owns
    this.uStd.dispose();
    this.xStd.dispose();
  }
}
