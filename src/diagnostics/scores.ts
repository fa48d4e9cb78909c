/**
 * Scoring rules for point estimates, intervals and posterior draws, as the review's spatial-GP
 * table computes them (Zammit-Mangion, Sainsbury-Dale & Huser 2024, arXiv 2404.12484, §5):
 * over test sets i = 1..N with true θ_i (one scalar parameter at a time),
 * - RMSPE = √(median_i (θ̂_i − θ_i)²)  — a robust "root median squared error", not a mean;
 * - interval score (Gneiting & Raftery 2007, eq. 43) of the central (1 − α) interval [l, u]:
 *   IS = (u − l) + (2/α)(l − θ)1{θ < l} + (2/α)(θ − u)1{θ > u};  MIS = median_i IS_i;
 * - COV = mean_i 1{l_i < θ_i < u_i};
 * - MCRPS = median_i ½·mean_s |θ_i − x_is|: what the paper's "CRPS" column computes (it keeps
 *   only half of the first term of the energy form and drops E|X − X'|);
 * - the standard sample CRPS: E|X − θ| − ½E|X − X'| over the empirical distribution of the
 *   draws (Gneiting & Raftery 2007, eq. 20), O(S log S) by sorting (see crps()).
 * Plain RMSE (mean) and the mean interval score are given beside them.
 */
import { mean, median, quantileSorted } from './stats.js';

/** √(mean (θ̂ − θ)²). */
export function rmse(estimates: ArrayLike<number>, truths: ArrayLike<number>): number {
  return Math.sqrt(mean(squaredErrors(estimates, truths)));
}

/** The review's RMSPE: √(median (θ̂ − θ)²). */
export function rmspe(estimates: ArrayLike<number>, truths: ArrayLike<number>): number {
  return Math.sqrt(median(squaredErrors(estimates, truths)));
}

function squaredErrors(estimates: ArrayLike<number>, truths: ArrayLike<number>): Float64Array {
  checkSameLength('squared error', estimates.length, truths.length);
  return Float64Array.from(truths, (t, i) => (estimates[i]! - t) ** 2);
}

/** Interval score of one central (1 − alpha) interval [lower, upper] at truth θ. */
export function intervalScore(lower: number, upper: number, truth: number, alpha: number): number {
  return upper - lower
    + (truth < lower ? (2 / alpha) * (lower - truth) : 0)
    + (truth > upper ? (2 / alpha) * (truth - upper) : 0);
}

function intervalScores(lower: ArrayLike<number>, upper: ArrayLike<number>, truths: ArrayLike<number>, alpha: number): Float64Array {
  checkSameLength('interval score', lower.length, truths.length);
  checkSameLength('interval score', upper.length, truths.length);
  return Float64Array.from(truths, (t, i) => intervalScore(lower[i]!, upper[i]!, t, alpha));
}

/** The review's MIS: median interval score. */
export function medianIntervalScore(lower: ArrayLike<number>, upper: ArrayLike<number>, truths: ArrayLike<number>, alpha: number): number {
  return median(intervalScores(lower, upper, truths, alpha));
}

export function meanIntervalScore(lower: ArrayLike<number>, upper: ArrayLike<number>, truths: ArrayLike<number>, alpha: number): number {
  return mean(intervalScores(lower, upper, truths, alpha));
}

/** Share of truths strictly inside their interval. */
export function intervalCoverage(lower: ArrayLike<number>, upper: ArrayLike<number>, truths: ArrayLike<number>): number {
  checkSameLength('coverage', lower.length, truths.length);
  let hits = 0;
  for (let i = 0; i < truths.length; i++) if (lower[i]! < truths[i]! && truths[i]! < upper[i]!) hits++;
  return hits / truths.length;
}

/** The paper's per-test-set "CRPS": ½·mean_s |θ − x_s|. */
export function paperCrps(draws: ArrayLike<number>, truth: number): number {
  let s = 0;
  for (let i = 0; i < draws.length; i++) s += Math.abs(truth - draws[i]!);
  return (0.5 * s) / draws.length;
}

/**
 * Standard CRPS of the empirical distribution of the draws at θ:
 * mean|x_s − θ| − ½·(1/S²)·Σ_s Σ_t |x_s − x_t|. The double sum over sorted draws x_(1) ≤ … ≤ x_(S)
 * is 2·Σ_i (2i − S − 1)·x_(i), which makes it O(S log S). `fair` divides by S(S − 1) instead of
 * S², the unbiased estimate of the CRPS of the distribution the draws come from (Ferro 2014).
 */
export function crps(draws: ArrayLike<number>, truth: number, opts: { fair?: boolean } = {}): number {
  const s = draws.length;
  const sorted = Float64Array.from(draws).sort();
  let first = 0, spread = 0;
  for (let i = 0; i < s; i++) {
    const v = sorted[i]!;
    first += Math.abs(v - truth);
    spread += (2 * (i + 1) - s - 1) * v;
  }
  // ½·Σ_s Σ_t |x_s − x_t| = spread.
  return first / s - spread / (opts.fair ? s * (s - 1) : s * s);
}

/** The O(S²) definition of crps(), for tests. */
export function crpsNaive(draws: ArrayLike<number>, truth: number): number {
  const s = draws.length;
  let first = 0, pairs = 0;
  for (let i = 0; i < s; i++) {
    first += Math.abs(draws[i]! - truth);
    for (let j = 0; j < s; j++) pairs += Math.abs(draws[i]! - draws[j]!);
  }
  return first / s - (0.5 * pairs) / (s * s);
}

export interface ScoreTable {
  n: number;
  rmspe: number;
  rmse: number;
  /** Median and mean interval score of the central (1 − alpha) interval. */
  mis: number;
  meanIntervalScore: number;
  coverage: number;
  /** The paper's MCRPS, median_i ½·mean_s|θ_i − x_is|; null when only intervals were given. */
  mcrps: number | null;
  /** Median and mean of the standard CRPS. */
  medianCrps: number | null;
  meanCrps: number | null;
  alpha: number;
}

export interface ScoreInput {
  truths: ArrayLike<number>;
  /** Posterior draws per test set: (n, S) row-major, one scalar parameter. */
  draws?: Float64Array;
  nDraws?: number;
  /** Point estimates and interval ends; from the draws (median, α/2 and 1 − α/2 quantiles) when absent. */
  estimates?: ArrayLike<number>;
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  /** Interval miscoverage; the table's MIS90/COV90 use 0.1. */
  alpha?: number;
}

/**
 * The review's table for one scalar parameter over n test sets. Draws give the point estimate
 * (posterior median), the interval (α/2 and 1 − α/2 quantiles, type 7) and the CRPS columns;
 * a backend without draws (NBE) passes estimates and intervals and gets null CRPS.
 */
export function scoreTable(input: ScoreInput): ScoreTable {
  const alpha = input.alpha ?? 0.1;
  const n = input.truths.length;
  const { draws } = input;
  let estimates = input.estimates, lower = input.lower, upper = input.upper;
  let mcrps: number | null = null, medianCrps: number | null = null, meanCrps: number | null = null;
  if (draws) {
    const s = input.nDraws ?? draws.length / n;
    if (!Number.isInteger(s) || s * n !== draws.length) {
      throw new Error(`scoreTable: draws has length ${draws.length}; expected n·nDraws with n = ${n}`);
    }
    const est = new Float64Array(n), lo = new Float64Array(n), up = new Float64Array(n);
    const paper = new Float64Array(n), standard = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const row = draws.subarray(i * s, (i + 1) * s);
      const sorted = Float64Array.from(row).sort();
      est[i] = quantileSorted(sorted, 0.5);
      lo[i] = quantileSorted(sorted, alpha / 2);
      up[i] = quantileSorted(sorted, 1 - alpha / 2);
      paper[i] = paperCrps(row, input.truths[i]!);
      standard[i] = crps(row, input.truths[i]!);
    }
    estimates ??= est; lower ??= lo; upper ??= up;
    mcrps = median(paper); medianCrps = median(standard); meanCrps = mean(standard);
  }
  if (!estimates || !lower || !upper) {
    throw new Error('scoreTable: give either draws or all of estimates, lower and upper');
  }
  return {
    n,
    rmspe: rmspe(estimates, input.truths),
    rmse: rmse(estimates, input.truths),
    mis: medianIntervalScore(lower, upper, input.truths, alpha),
    meanIntervalScore: meanIntervalScore(lower, upper, input.truths, alpha),
    coverage: intervalCoverage(lower, upper, input.truths),
    mcrps, medianCrps, meanCrps, alpha,
  };
}

function checkSameLength(what: string, a: number, b: number): void {
  if (a !== b) throw new Error(`${what}: got ${a} values for ${b} truths`);
}
