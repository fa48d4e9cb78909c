/**
 * Out-of-distribution warnings: a trained network is only trustworthy on data like those it was
 * trained on (the prior predictive). At train time we describe the training data in the space the
 * network sees, s(x) = the data encoder's output (the standardised data for 'identity', the summary
 * network's output otherwise), and at infer time measure each data set's distance to it:
 *
 *   z = (s(x) − m) ⊘ sd                   (per-dimension mean and sd over the training set)
 *   d(x) = ‖L⁻¹ z‖₂,  L Lᵀ = R + ρI       (R the correlation of z; ρ = 1e-3 bounds the
 *                                         amplification of near-degenerate directions)
 *
 * a Mahalanobis distance (diagonal, d = ‖z‖, above MAX_FULL_DIM dimensions, where the covariance
 * would not be compact). The threshold is conformal: the ⌈(n + 1)(1 − α)⌉-th smallest distance of
 * n FRESH prior-predictive simulations (not the training set, which a summary network may have
 * over-fitted). Those and a new prior-predictive data set are exchangeable, so a data set from the
 * prior predictive is flagged with probability ≤ α (default 0.001; n default 2,000), whatever the
 * shape of the distance distribution. Beyond it, inference still runs; the posterior gets a warning
 * naming the data set, its distance and the training quantile, and `attrs.ood`.
 *
 * Limits: the distance sees only the first two moments of s(x); data in a "hole" of a multimodal or
 * curved prior predictive, or data that a summary network maps onto typical summaries, are not
 * flagged.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import { cholesky } from '../../runtime/linalg/cholesky.js';
import { solveLower } from '../../runtime/linalg/triangular.js';
import { tf } from '../../nn/index.js';
import { DataEncoder } from './data-encoder.js';
import { simulateTrainingSet, type TrainingSet } from './training-set.js';

/** Above this many encoded dimensions the distance is diagonal (no correlation stored). */
export const MAX_FULL_DIM = 64;
const RIDGE = 1e-3;
const REPORTED_LEVELS = [0.5, 0.9, 0.99, 0.999];

export interface OodOptions {
  /** Fresh prior-predictive simulations whose distances set the threshold (default 2,000). */
  simulations?: number;
  /** Tolerated false-alarm rate on prior-predictive data: warn beyond their (1 − alpha) quantile (default 0.001). */
  alpha?: number;
  /** Training rows used for the mean, sd and correlation (default 5,000). */
  maxTrainingRows?: number;
}

/** Saved in the manifest (config.ood): the training data as the network sees it, and the threshold. */
export interface OodReference {
  /** The distance is measured on the data encoder's output s(x). */
  space: 'encoded';
  dim: number;
  /** 'mahalanobis': full correlation; 'diagonal': per-dimension only (dim > MAX_FULL_DIM). */
  metric: 'mahalanobis' | 'diagonal';
  /** Per-dimension mean and sd of s(x) over `trainingRows` training data sets. */
  mean: number[];
  sd: number[];
  /** Lower Cholesky factor of the correlation + ridge·I, packed row by row (dim(dim+1)/2); null for 'diagonal'. */
  cholesky: number[] | null;
  ridge: number;
  trainingRows: number;
  /** Fresh prior-predictive simulations the threshold comes from, and their distances' quantiles. */
  references: number;
  quantiles: { level: number; distance: number }[];
  maxDistance: number;
  alpha: number;
  /** Warn when d(x) exceeds this: the conformal (1 − alpha) quantile of the reference distances. */
  threshold: number;
}

/** s(x) for rows of x (n × dataDim), as float64, in chunks (bounded memory for summary networks). */
export function encodeRows(encoder: DataEncoder, x: Float64Array, n: number, dataDim: number, chunk = 1000): Float64Array {
  const C = encoder.outputDim;
  const out = new Float64Array(n * C);
  for (let i0 = 0; i0 < n; i0 += chunk) {
    const m = Math.min(chunk, n - i0);
    const s = tf.tidy(() => encoder.encode(tf.tensor2d(Float32Array.from(x.subarray(i0 * dataDim, (i0 + m) * dataDim)), [m, dataDim])));
    out.set(s.dataSync() as Float32Array, i0 * C);
    s.dispose();
  }
  return out;
}

/** d for each row of encoded s (n × dim). */
export function oodDistancesEncoded(ref: OodReference, s: Float64Array): Float64Array {
  const D = ref.dim;
  const n = s.length / D;
  const L = ref.cholesky ? unpackLower(ref.cholesky, D) : null;
  const z = new Float64Array(D), w = new Float64Array(D);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < D; j++) z[j] = (s[i * D + j]! - ref.mean[j]!) / ref.sd[j]!;
    if (L) solveLower(L, D, z, w); else w.set(z);
    let q = 0;
    for (let j = 0; j < D; j++) q += w[j]! * w[j]!;
    out[i] = Number.isFinite(q) ? Math.sqrt(q) : Infinity;
  }
  return out;
}

/** d(x) for flat data sets (each dataDim). */
export function oodDistances(ref: OodReference, encoder: DataEncoder, xs: Float64Array[], dataDim: number): Float64Array {
  const flat = new Float64Array(xs.length * dataDim);
  xs.forEach((x, i) => flat.set(x, i * dataDim));
  return oodDistancesEncoded(ref, encodeRows(encoder, flat, xs.length, dataDim));
}

/** Describe the training data (after training: the summary network's final weights) and set the threshold. */
export function fitOodReference(
  encoder: DataEncoder, model: CompiledModel, set: TrainingSet, seed: number, opts: OodOptions = {},
): OodReference {
  const D = encoder.outputDim;
  const dataDim = model.dataDim;
  const alpha = opts.alpha ?? 0.001;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`ood.alpha must lie in (0, 1), got ${alpha}`);
  const nTrain = Math.min(set.n, opts.maxTrainingRows ?? 5000);
  const s = encodeRows(encoder, set.x.subarray(0, nTrain * dataDim), nTrain, dataDim);
  const rows = finiteRows(s, D);
  const nFit = rows.length;
  if (nFit < 2) throw new Error('ood: fewer than 2 finite encoded training data sets');
  const mean = new Float64Array(D), sd = new Float64Array(D);
  for (const i of rows) for (let j = 0; j < D; j++) mean[j]! += s[i * D + j]! / nFit;
  for (const i of rows) for (let j = 0; j < D; j++) sd[j]! += (s[i * D + j]! - mean[j]!) ** 2 / (nFit - 1);
  for (let j = 0; j < D; j++) { const v = Math.sqrt(sd[j]!); sd[j] = v > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? v : 1; }
  let chol: number[] | null = null;
  if (D <= MAX_FULL_DIM) {
    const R = new Float64Array(D * D);
    const z = new Float64Array(D);
    for (const i of rows) {
      for (let j = 0; j < D; j++) z[j] = (s[i * D + j]! - mean[j]!) / sd[j]!;
      for (let a = 0; a < D; a++) for (let b = 0; b <= a; b++) R[a * D + b]! += (z[a]! * z[b]!) / (nFit - 1);
    }
    for (let a = 0; a < D; a++) R[a * D + a]! += RIDGE;
    const L = new Float64Array(D * D);
    if (cholesky(R, D, L)) chol = packLower(L, D);
  }
  const partial: Omit<OodReference, 'references' | 'quantiles' | 'maxDistance' | 'threshold'> = {
    space: 'encoded', dim: D, metric: chol ? 'mahalanobis' : 'diagonal', mean: Array.from(mean), sd: Array.from(sd),
    cholesky: chol, ridge: chol ? RIDGE : 0, trainingRows: nFit, alpha,
  };
  // The threshold, from fresh prior-predictive simulations (a stream of its own).
  const nRef = opts.simulations ?? 2000;
  if (!(Number.isInteger(nRef) && nRef >= 10)) throw new RangeError(`ood.simulations must be an integer ≥ 10, got ${nRef}`);
  // Through the training-set simulator, so a simulator that throws for some θ drops those rows here too.
  const sim = simulateTrainingSet(model, nRef, { seed: `ood:${seed}`, maxNonFiniteFraction: 1 });
  const keep = finiteRows(sim.x, dataDim);
  const x = new Float64Array(keep.length * dataDim);
  keep.forEach((i, k) => x.set(sim.x.subarray(i * dataDim, (i + 1) * dataDim), k * dataDim));
  const ref0 = { ...partial, references: 0, quantiles: [], maxDistance: 0, threshold: Infinity };
  const d = oodDistancesEncoded(ref0, encodeRows(encoder, x, keep.length, dataDim)).filter(Number.isFinite).sort();
  const n = d.length;
  if (n < 1) throw new Error('ood: every reference simulation was non-finite');
  const k = Math.min(n, Math.ceil((n + 1) * (1 - alpha)));
  const at = (level: number) => d[Math.min(n - 1, Math.max(0, Math.ceil(level * n) - 1))]!;
  return {
    ...partial,
    references: n,
    quantiles: REPORTED_LEVELS.map((level) => ({ level, distance: at(level) })),
    maxDistance: d[n - 1]!,
    threshold: d[k - 1]!,
  };
}

/** The warning for data set `index` at distance d, or null when within the threshold. */
export function oodWarning(ref: OodReference, kind: string, index: number, d: number): string | null {
  if (typeof ref.threshold !== 'number' || !Number.isFinite(ref.threshold) || !(d > ref.threshold)) return null;
  const pct = `${+(100 * (1 - ref.alpha)).toFixed(3)}%`;
  const median = ref.quantiles.find((q) => q.level === 0.5)?.distance;
  return `data set ${index} is outside what this ${kind} estimator was trained on: its distance to the training data ` +
    `(${ref.metric === 'mahalanobis' ? 'Mahalanobis' : 'standardised Euclidean'}, in the network's input space) is ${fmt(d)}, ` +
    `beyond the ${pct} quantile of prior-predictive data sets (${fmt(ref.threshold)}${median !== undefined ? `; median ${fmt(median)}` : ''}). ` +
    'The network extrapolates here: check the data against the model and prior, or use an exact-likelihood backend';
}

function fmt(v: number): string {
  return Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : String(v);
}

function finiteRows(a: Float64Array, w: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length / w; i++) {
    let ok = true;
    for (let j = 0; j < w && ok; j++) ok = Number.isFinite(a[i * w + j]!);
    if (ok) out.push(i);
  }
  return out;
}

function packLower(L: Float64Array, D: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < D; i++) for (let j = 0; j <= i; j++) out.push(L[i * D + j]!);
  return out;
}

function unpackLower(p: number[], D: number): Float64Array {
  const L = new Float64Array(D * D);
  let k = 0;
  for (let i = 0; i < D; i++) for (let j = 0; j <= i; j++) L[i * D + j] = p[k++]!;
  return L;
}
