/**
 * A fast, exact evaluation of the 'full-gaussian' density (./gaussian.ts) for high-dimensional y.
 * Same weights, same function:
 *
 *   log q(y | c) = −½‖W(c)(y − μ(c))‖² + Σ_d log W_dd(c) − (D/2) log 2π,
 *
 * where the estimator's last layer maps the last hidden layer h(c) ∈ R^H linearly to μ and to the
 * raw factor entries. Write h̃ = (h, 1) (K = H + 1 entries: the bias as one more unit); then
 *
 *   μ(c) = Σ_k h̃_k M_k,   W(c) = Σ_k h̃_k A_k (strictly lower part) + diag(softplus(Σ_k h̃_k a_k + s) + floor),
 *
 * with A_k the D × D strictly lower matrix and a_k the D diagonal entries that unit k writes. The
 * generic path builds W(c) for every row — a (B, D, D) tensor and a dozen elementwise ops on it,
 * which at D = 256 dominate everything. Here:
 *
 * - training (`logProb`): Σ_k h̃_k A_k (y − μ) = rows of (y − μ) · [A_0 … A_H]ᵀ contracted with h̃,
 *   one (B, D) × (D, K·D) matMul and no D²-per-row tensor;
 * - inference (`prepare` + `logLikelihood`): for fixed data sets x_g, A_k x_g is computed once
 *   per data set, and A_k μ(c) = Σ_j h̃_j A_k M_j from a (K², D) table shared by all, so a
 *   (θ, data set) pair costs O(K² D) instead of O(H D²).
 *
 * FullGaussian's own logProb is the training form, so every user of the 'full-gaussian' kind (NPE,
 * NLE, the engine's fit) trains without the D²-per-row tensor; NLE's likelihood read-out uses the
 * prepared form. Equality with the generic mixture head is tested
 * (test/nn/density/whitened-gaussian.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { cholesky } from '../../runtime/linalg/cholesky.js';
import { solveLower } from '../../runtime/linalg/triangular.js';
import type { ConditionalDensityEstimator } from './types.js';
import { DIAG_FLOOR, UNIT_SHIFT } from './gaussian-head.js';
import { LOG_2PI } from './common.js';

type Activation = 'relu' | 'tanh' | 'elu';

/** Precomputed per data-set terms for `logLikelihood`. */
export interface PreparedData {
  /** K = H + 1. */
  K: number;
  /** (N, K·D) on the host: A_k x for every modelled row (row-gathers are slow on the wasm backend). */
  ax: Float32Array;
  /** (N, D) standardised rows. */
  x: Float32Array;
  /** (K², D): A_k M_j at row k·K + j. */
  amu: tf.Tensor2D;
  /** (K, D) mean and raw-diagonal blocks (the weights are fixed while inferring). */
  M: tf.Tensor2D;
  a: tf.Tensor2D;
  dispose(): void;
}

export class WhitenedGaussian {
  readonly dim: number;
  private readonly lowerMask: tf.Tensor2D;
  private readonly eye: tf.Tensor2D;

  /** Only for a 'full-gaussian' estimator (see `whitenedGaussianFor`). */
  constructor(
    readonly flow: ConditionalDensityEstimator,
    private readonly activation: Activation,
  ) {
    this.dim = flow.dim;
    const D = this.dim;
    const lower = new Float32Array(D * D);
    for (let i = 0; i < D; i++) for (let j = 0; j < i; j++) lower[i * D + j] = 1;
    this.lowerMask = tf.tensor2d(lower, [D, D]);
    this.eye = tf.eye(D) as tf.Tensor2D;
  }

  /** The estimator's variables: hidden layers (W, b)…, then the output layer (W, b). */
  private layers(): { hidden: [tf.Tensor2D, tf.Tensor1D][]; wOut: tf.Tensor2D; bOut: tf.Tensor1D } {
    const vars = this.flow.trainableVariables();
    const pairs: [tf.Tensor2D, tf.Tensor1D][] = [];
    for (let i = 0; i < vars.length; i += 2) pairs.push([vars[i] as tf.Tensor2D, vars[i + 1] as tf.Tensor1D]);
    const [wOut, bOut] = pairs.pop()!;
    return { hidden: pairs, wOut, bOut };
  }

  /** h̃ = (h(c), 1): (B, K). */
  private features(ctx: tf.Tensor2D, hidden: [tf.Tensor2D, tf.Tensor1D][]): tf.Tensor2D {
    // Always conditional: FullGaussian keeps the generic path when there is no context.
    let h = ctx;
    for (const [w, b] of hidden) {
      const z = tf.add(tf.matMul(h, w), b) as tf.Tensor2D;
      h = this.activation === 'relu' ? tf.relu(z) : this.activation === 'tanh' ? tf.tanh(z) : tf.elu(z);
    }
    return tf.concat([h, tf.ones([h.shape[0], 1])], 1);
  }

  /**
   * The output layer as per-unit blocks, bias last (K rows each):
   * M (K, D) means, A (K·D, D) strictly lower factors (row k·D + i), a (K, D) raw diagonals.
   */
  private blocks(wOut: tf.Tensor2D, bOut: tf.Tensor1D): { M: tf.Tensor2D; A: tf.Tensor2D; a: tf.Tensor2D } {
    const D = this.dim;
    const full = tf.concat([wOut, tf.expandDims(bOut, 0)], 0) as tf.Tensor2D; // (K, 1 + D + D²)
    const K = full.shape[0];
    const [, M, raw] = tf.split(full, [1, D, D * D], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const R = tf.reshape(raw, [K, D, D]);
    const A = tf.reshape(tf.mul(R, this.lowerMask), [K * D, D]) as tf.Tensor2D;
    const a = tf.sum(tf.mul(R, this.eye), -1) as tf.Tensor2D;
    return { M, A, a };
  }

  /** Σ_d log W_dd and W_dd themselves from h̃ (B, K): ((B, D) diag, (B) log-det). */
  private diagonal(hh: tf.Tensor2D, a: tf.Tensor2D): { diag: tf.Tensor2D; logDet: tf.Tensor1D } {
    const diag = tf.add(tf.softplus(tf.add(tf.matMul(hh, a), UNIT_SHIFT)), DIAG_FLOOR) as tf.Tensor2D;
    return { diag, logDet: tf.sum(tf.log(diag), -1) as tf.Tensor1D };
  }

  private finish(eps: tf.Tensor2D, logDet: tf.Tensor1D): tf.Tensor1D {
    return tf.sub(tf.add(tf.mul(tf.sum(tf.square(eps), -1), -0.5), logDet), 0.5 * this.dim * LOG_2PI) as tf.Tensor1D;
  }

  /** log q(y | c): y (B, D), ctx (B, C) → (B); differentiable (the training loss). */
  logProb(y: tf.Tensor2D, ctx: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const { hidden, wOut, bOut } = this.layers();
      const { M, A, a } = this.blocks(wOut, bOut);
      const hh = this.features(ctx, hidden);
      const [B, K] = hh.shape;
      const diff = tf.sub(y, tf.matMul(hh, M)) as tf.Tensor2D;
      // Σ_k h̃_k A_k diff: (B, K·D) then contract over k.
      const z = tf.reshape(tf.matMul(diff, A, false, true), [B, K, this.dim]);
      const off = tf.sum(tf.mul(z, tf.expandDims(hh, 2)), 1) as tf.Tensor2D;
      const { diag, logDet } = this.diagonal(hh, a);
      return this.finish(tf.add(off, tf.mul(diag, diff)) as tf.Tensor2D, logDet);
    });
  }

  /** The per-data-set terms for rows x (N, D) standardised (N = data sets × replicates). */
  prepare(x: Float32Array): PreparedData {
    const D = this.dim;
    const t = tf.tidy(() => {
      const { wOut, bOut } = this.layers();
      const { M, A, a } = this.blocks(wOut, bOut);
      const K = M.shape[0];
      const ax = tf.matMul(tf.tensor2d(x, [x.length / D, D]), A, false, true); // (N, K·D)
      // A_k M_j for all k, j: (K·D, D) · (D, K) → (K, D, K) → (K, K, D) → (K², D).
      const amu = tf.reshape(tf.transpose(tf.reshape(tf.matMul(A, M, false, true), [K, D, K]), [0, 2, 1]), [K * K, D]) as tf.Tensor2D;
      return { ax: ax.dataSync() as Float32Array, amu, M, a, K };
    });
    return { ...t, x, dispose: () => { t.amu.dispose(); t.M.dispose(); t.a.dispose(); } };
  }

  /**
   * log q(x_{rows[i]} | c_i) for n pairs against prepared rows.
   * @param ctx  (n, C) standardised contexts
   * @param rows (n) which prepared row each context is paired with
   * @returns (n) float32 log densities
   */
  logProbPrepared(p: PreparedData, ctx: Float32Array, contextDim: number, rows: Int32Array): Float32Array {
    const n = rows.length;
    const D = this.dim;
    const K = p.K;
    return tf.tidy(() => {
      const { M, a } = p;
      const hh = this.features(tf.tensor2d(ctx, [n, contextDim]), this.layers().hidden);
      // Host side: the paired rows x and Σ_k h̃_k A_k x (O(K D) per pair).
      const h = hh.dataSync() as Float32Array;
      const xRows = new Float32Array(n * D);
      const axTerm = new Float32Array(n * D);
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        xRows.set(p.x.subarray(r * D, (r + 1) * D), i * D);
        const out = axTerm.subarray(i * D, (i + 1) * D);
        for (let k = 0; k < K; k++) {
          const w = h[i * K + k]!;
          if (w === 0) continue;
          const base = (r * K + k) * D;
          for (let d = 0; d < D; d++) out[d]! += w * p.ax[base + d]!;
        }
      }
      const diff = tf.sub(tf.tensor2d(xRows, [n, D]), tf.matMul(hh, M)) as tf.Tensor2D;
      // Σ_k h̃_k A_k x  −  Σ_{k,j} h̃_k h̃_j A_k M_j
      const outer = tf.reshape(tf.mul(tf.expandDims(hh, 2), tf.expandDims(hh, 1)), [n, K * K]);
      const off = tf.sub(tf.tensor2d(axTerm, [n, D]), tf.matMul(outer, p.amu)) as tf.Tensor2D;
      const { diag, logDet } = this.diagonal(hh, a);
      return this.finish(tf.add(off, tf.mul(diag, diff)) as tf.Tensor2D, logDet).dataSync() as Float32Array;
    });
  }

  dispose(): void {
    this.lowerMask.dispose();
    this.eye.dispose();
  }
}

/**
 * Starts a 'full-gaussian' q(x | θ) at the Gaussian fit of the data's marginal: the output bias
 * gets the mean m and the factor W = L⁻¹ of the covariance S = L Lᵀ of the (standardised) rows, so
 * that with the output weights still near zero q(· | θ) ≈ N(m, S) for every θ, and training only
 * has to learn how θ moves it — at D = 256 the N(0, I) start is hundreds of nats worse and far.
 * @param x    (N, D) standardised rows (at most `maxRows` are used)
 */
export function initAtMarginalFit(flow: ConditionalDensityEstimator, x: Float32Array, maxRows = 20_000): void {
  const D = flow.dim;
  const n = Math.min(maxRows, Math.floor(x.length / D));
  if (n < D + 1) return; // too few rows for a covariance: keep N(0, I)
  const mean = new Float64Array(D);
  for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) mean[d]! += x[i * D + d]! / n;
  const S = new Float64Array(D * D);
  const row = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < D; d++) row[d] = x[i * D + d]! - mean[d]!;
    for (let a = 0; a < D; a++) {
      const ra = row[a]!;
      for (let b = 0; b <= a; b++) S[a * D + b]! += ra * row[b]!;
    }
  }
  let trace = 0;
  for (let a = 0; a < D; a++) trace += S[a * D + a]! / (n - 1);
  for (let a = 0; a < D; a++) {
    for (let b = 0; b <= a; b++) S[a * D + b] = S[b * D + a] = S[a * D + b]! / (n - 1);
    S[a * D + a]! += 1e-6 * (trace / D); // a ridge against round-off
  }
  const L = new Float64Array(D * D);
  if (!cholesky(S, D, L)) return;
  // W = L⁻¹, column by column: L w_j = e_j.
  const W = new Float64Array(D * D);
  const e = new Float64Array(D);
  const col = new Float64Array(D);
  for (let j = 0; j < D; j++) {
    e.fill(0);
    e[j] = 1;
    solveLower(L, D, e, col);
    for (let i = 0; i < D; i++) W[i * D + j] = col[i]!;
  }
  const vars = flow.trainableVariables();
  const bias = vars[vars.length - 1]!;
  const b = Float32Array.from(bias.dataSync() as Float32Array);
  if (b.length !== 1 + D + D * D) return; // not the one-component full-Gaussian layout
  for (let d = 0; d < D; d++) b[1 + d] = mean[d]!;
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < i; j++) b[1 + D + i * D + j] = W[i * D + j]!;
    // softplus(raw + log(e − 1)) + floor = W_ii  ⇒  raw = softplus⁻¹(W_ii − floor) − log(e − 1).
    const target = Math.max(W[i * D + i]! - DIAG_FLOOR, 1e-6);
    b[1 + D + i * D + i] = (target > 30 ? target : Math.log(Math.expm1(target))) - UNIT_SHIFT;
  }
  const t = tf.tensor1d(b);
  bias.assign(t);
  t.dispose();
}

