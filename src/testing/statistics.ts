/**
 * Small statistics toolkit for simulator checks: sample moments with their standard errors,
 * adaptive quadrature, and Pearson χ² goodness of fit on cells fixed by an independent pilot sample.
 *
 * Why χ² rather than Kolmogorov–Smirnov: KS needs each distribution's CDF, χ² only needs the
 * density, which every distribution has; bin probabilities come from integrating exp(logDensity),
 * so a density that is not normalised, or a sampler that draws from another law, both show up.
 * Cells come from a pilot sample that is NOT reused in the test, so the χ² reference holds.
 */
import { chiSquareSurvival } from '../runtime/special.js';

export interface Moments {
  n: number;
  mean: number;
  variance: number; // unbiased
  /** Fourth central moment (for the standard error of the variance). */
  m4: number;
}

export function sampleMoments(xs: ArrayLike<number>, stride = 1, offset = 0, n = Math.floor((xs.length - offset) / stride)): Moments {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[offset + i * stride]!;
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[offset + i * stride]! - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  return { n, mean, variance: m2 / (n - 1), m4: m4 / n };
}

/** z-scores of the sample mean and variance against exact values (SEs from exact var and sample m4). */
export function momentZScores(m: Moments, mean: number, variance: number): { zMean: number; zVar: number } {
  const zMean = (m.mean - mean) / Math.sqrt(variance / m.n);
  const seVar = Math.sqrt(Math.max(m.m4 - m.variance * m.variance, 1e-300) / m.n);
  return { zMean, zVar: (m.variance - variance) / seVar };
}

/** ∫_a^b f by adaptive Simpson to absolute tolerance `tol`. */
export function integrate(f: (x: number) => number, a: number, b: number, tol = 1e-10): number {
  const fa = f(a);
  const fb = f(b);
  const m = 0.5 * (a + b);
  const fm = f(m);
  const whole = ((b - a) / 6) * (fa + 4 * fm + fb);
  return simpson(f, a, b, fa, fm, fb, whole, tol, 50);
}

function simpson(f: (x: number) => number, a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, depth: number): number {
  const m = 0.5 * (a + b);
  const lm = 0.5 * (a + m);
  const rm = 0.5 * (m + b);
  const flm = f(lm);
  const frm = f(rm);
  const left = ((m - a) / 6) * (fa + 4 * flm + fm);
  const right = ((b - m) / 6) * (fm + 4 * frm + fb);
  const delta = left + right - whole;
  if (depth <= 0 || Math.abs(delta) <= 15 * tol) return left + right + delta / 15;
  return simpson(f, a, m, fa, flm, fm, left, tol / 2, depth - 1) + simpson(f, m, b, fm, frm, fb, right, tol / 2, depth - 1);
}

export interface ChiSquareResult {
  statistic: number;
  df: number;
  pValue: number;
  cells: number;
}

/** Pearson χ² for observed counts against cell probabilities (which must sum to 1). */
export function chiSquareTest(observed: ArrayLike<number>, probs: ArrayLike<number>, n: number): ChiSquareResult {
  let stat = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = n * probs[i]!;
    const d = observed[i]! - e;
    stat += e > 0 ? (d * d) / e : observed[i]! > 0 ? Infinity : 0;
  }
  const df = observed.length - 1;
  return { statistic: stat, df, pValue: chiSquareSurvival(stat, df), cells: observed.length };
}

/**
 * χ² for a continuous law: interior cells between pilot quantiles (probabilities by quadrature of
 * exp(logDensity)), plus one cell for both tails whose probability is 1 - Σ interior.
 */
export function continuousGoodnessOfFit(logDensity: (x: number) => number, draws: Float64Array, pilot: Float64Array, bins: number): ChiSquareResult {
  const sorted = Float64Array.from(pilot).sort();
  const edges: number[] = [];
  for (let j = 1; j < bins; j++) {
    const e = sorted[Math.floor((j * sorted.length) / bins)]!;
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  const f = (x: number): number => Math.exp(logDensity(x));
  const probs: number[] = [];
  for (let j = 0; j + 1 < edges.length; j++) probs.push(integrate(f, edges[j]!, edges[j + 1]!, 1e-12));
  const counts = new Array<number>(probs.length + 1).fill(0);
  for (const x of draws) {
    const j = upperBound(edges, x) - 1; // edges[j] ≤ x < edges[j+1]
    if (j >= 0 && j < probs.length) counts[j]!++;
    else counts[probs.length]!++;
  }
  probs.push(Math.max(0, 1 - probs.reduce((s, p) => s + p, 0)));
  return chiSquareTest(counts, probs, draws.length);
}

/**
 * χ² for a law on the integers: one cell per value in the pilot's range, consecutive values merged
 * until each cell expects ≥ 5 draws, plus a cell for everything outside.
 */
export function discreteGoodnessOfFit(logMass: (x: number) => number, draws: Float64Array, pilot: Float64Array): ChiSquareResult {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of pilot) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const n = draws.length;
  const cellOf = new Map<number, number>();
  const probs: number[] = [];
  let acc = 0;
  let members: number[] = [];
  for (let v = lo; v <= hi; v++) {
    acc += Math.exp(logMass(v));
    members.push(v);
    if (n * acc >= 5 || v === hi) {
      if (n * acc < 5 && probs.length > 0) {
        probs[probs.length - 1]! += acc; // fold a thin last group into the previous cell
        for (const m of members) cellOf.set(m, probs.length - 1);
      } else {
        for (const m of members) cellOf.set(m, probs.length);
        probs.push(acc);
      }
      acc = 0;
      members = [];
    }
  }
  const counts = new Array<number>(probs.length + 1).fill(0);
  for (const x of draws) {
    const c = cellOf.get(x);
    if (c === undefined) counts[probs.length]!++;
    else counts[c]!++;
  }
  const rest = Math.max(0, 1 - probs.reduce((s, p) => s + p, 0));
  if (n * rest < 1e-9 && counts[probs.length] === 0) counts.pop();
  else probs.push(rest);
  return chiSquareTest(counts, probs, n);
}

function upperBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
