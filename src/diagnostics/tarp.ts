/**
 * TARP — Tests of Accuracy with Random Points (Lemos, Coogan, Hezaveh & Perreault-Levasseur
 * 2023, "Sampling-Based Accuracy Testing of Posterior Estimators for General Inference", ICML).
 *
 * For simulation i pick a random reference point θ_ref,i, and let f_i be the share of
 * posterior draws closer to θ_ref,i than the true θ_i is. The expected coverage probability
 * ECP(α) = mean_i 1{f_i < α} is the coverage of the balls around θ_ref; the paper shows
 * ECP(α) = α for all α (and all reference distributions) iff the posterior estimator is exact
 * (up to the reference's support), so the curve's distance to the diagonal is a necessary and
 * sufficient accuracy test that needs only draws, in any dimension.
 *
 * As in the authors' `tarp` package: parameters are min–max normalised by the truths' range and
 * references drawn uniformly on that box. Ties are removed like SBC ranks: f = (c + V)/(S + 1)
 * with c the count and V ~ U(0, 1), exactly U(0, 1) for an exact sampler by exchangeability, so
 * ECP is compared with a KS test against the diagonal.
 */
import { checkCalibrationData, simulateCalibrationData, type CalibrationData, type CalibrationRunOptions } from './calibration-data.js';
import { createRng } from '../runtime/rng.js';
import { kolmogorovSurvival, ksUniformStatistic } from './stats.js';

export interface TarpOptions {
  /** Reference points (nSims, dim) in parameter space; default uniform on the normalised box. */
  references?: Float64Array;
  /** Min–max normalise by the truths' range before measuring distances (default true). */
  normalize?: boolean;
  /** Number of α grid points on [0, 1] (default 101). */
  gridPoints?: number;
  seed?: number;
}

export interface TarpResult {
  alpha: Float64Array;
  /** Expected coverage probability at each alpha. */
  ecp: Float64Array;
  /** ∫|ECP(α) − α| dα (trapezoid on the grid): 0 for an exact sampler. */
  area: number;
  /**
   * ∫(ECP(α) − α) dα. Positive for a too-wide posterior in our tests, but an overconfident one
   * can give an S-shaped curve with ≈ 0 signed area: judge calibration by `area`/`pValue`.
   */
  signedArea: number;
  /** sup_α |ECP(α) − α| over the f_i (the KS statistic) and its p-value against the diagonal. */
  maxDeviation: number;
  pValue: number;
  /** The per-simulation coverage levels f_i (nSims). */
  f: Float64Array;
}

export function tarp(data: CalibrationData, opts: TarpOptions = {}): TarpResult {
  checkCalibrationData('tarp', data);
  const { truths, draws, nSims: n, nDraws: s, dim } = data;
  const rng = createRng(opts.seed ?? 0);
  const normalize = opts.normalize ?? true;

  // Normalising box from the truths: it is the prior's effective range, shared by all sims.
  const lo = new Float64Array(dim).fill(Infinity), hi = new Float64Array(dim).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      const v = truths[i * dim + j]!;
      lo[j] = Math.min(lo[j]!, v); hi[j] = Math.max(hi[j]!, v);
    }
  }
  const scale = Float64Array.from(hi, (h, j) => (normalize && h > lo[j]! ? 1 / (h - lo[j]!) : 1));
  const shift = normalize ? lo : new Float64Array(dim);
  if (opts.references && opts.references.length !== n * dim) {
    throw new Error(`tarp: references has length ${opts.references.length}; expected nSims·dim = ${n}·${dim}`);
  }

  const ref = new Float64Array(dim);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      ref[j] = opts.references
        ? (opts.references[i * dim + j]! - shift[j]!) * scale[j]!
        : normalize ? rng.uniform() : lo[j]! + rng.uniform() * (hi[j]! - lo[j]!);
    }
    const dTruth = distance2(truths, i * dim, ref, shift, scale, dim);
    let closer = 0, ties = 0;
    for (let l = 0; l < s; l++) {
      const d = distance2(draws, (i * s + l) * dim, ref, shift, scale, dim);
      if (d < dTruth) closer++;
      else if (d === dTruth) ties++;
    }
    f[i] = (closer + rng.uniform() * (ties + 1)) / (s + 1);
  }

  const m = opts.gridPoints ?? 101;
  const alpha = Float64Array.from({ length: m }, (_, k) => k / (m - 1));
  const sorted = Float64Array.from(f).sort();
  const ecp = new Float64Array(m);
  let c = 0;
  for (let k = 0; k < m; k++) {
    while (c < n && sorted[c]! < alpha[k]!) c++;
    ecp[k] = c / n;
  }
  let area = 0, signedArea = 0;
  for (let k = 1; k < m; k++) {
    const h = alpha[k]! - alpha[k - 1]!;
    const a = ecp[k - 1]! - alpha[k - 1]!, b = ecp[k]! - alpha[k]!;
    signedArea += (h * (a + b)) / 2;
    area += (h * (Math.abs(a) + Math.abs(b))) / 2;
  }
  const maxDeviation = ksUniformStatistic(f);
  return { alpha, ecp, area, signedArea, maxDeviation, pValue: kolmogorovSurvival(maxDeviation, n), f };
}

/** Squared Euclidean distance between a normalised row of `a` and the normalised reference. */
function distance2(a: Float64Array, offset: number, ref: Float64Array, shift: Float64Array, scale: Float64Array, dim: number): number {
  let d = 0;
  for (let j = 0; j < dim; j++) {
    const v = (a[offset + j]! - shift[j]!) * scale[j]! - ref[j]!;
    d += v * v;
  }
  return d;
}

/** End to end on any backend. */
export function runTarp(opts: CalibrationRunOptions & TarpOptions): TarpResult {
  return tarp(simulateCalibrationData(opts), opts);
}
