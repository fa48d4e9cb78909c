/**
 * Reference distributions and sample summaries for the diagnostics' tests: the Kolmogorov
 * distribution (asymptotic series with Stephens' 1970 small-n correction), binomial CDF tables,
 * and type-7 sample quantiles (R's default, numpy's 'linear'). χ² and normal tails come from
 * the runtime's special functions and are re-exported here.
 */

export { chiSquareSurvival, normalCdf } from '../runtime/special.js';

/**
 * P(D_n > d) for the one-sample Kolmogorov–Smirnov statistic against a continuous CDF, from
 * the limiting distribution at λ = (√n + 0.12 + 0.11/√n)·d (Stephens 1970), within ~1% for n ≥ 5.
 */
export function kolmogorovSurvival(d: number, n: number): number {
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += (j % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** One-sample KS statistic sup|F_n − F| of values already in [0, 1] against U(0, 1). */
export function ksUniformStatistic(u: ArrayLike<number>): number {
  const s = Float64Array.from(u).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, (i + 1) / n - s[i]!, s[i]! - i / n);
  return d;
}

/** Binomial(n, p) CDF at 0..n as one array (cdf[c] = P(X ≤ c)), from log-pmfs. */
export function binomialCdfTable(n: number, p: number): Float64Array {
  const cdf = new Float64Array(n + 1);
  if (p <= 0) { cdf.fill(1); return cdf; }
  if (p >= 1) { cdf[n] = 1; return cdf; }
  const lf = logFactorials(n);
  const lp = Math.log(p), lq = Math.log1p(-p);
  let acc = 0;
  for (let c = 0; c <= n; c++) {
    acc += Math.exp(lf[n]! - lf[c]! - lf[n - c]! + c * lp + (n - c) * lq);
    cdf[c] = Math.min(1, acc);
  }
  return cdf;
}

const logFactorialCache: Float64Array[] = [];
function logFactorials(n: number): Float64Array {
  const cached = logFactorialCache[n];
  if (cached) return cached;
  const lf = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) lf[i] = lf[i - 1]! + Math.log(i);
  logFactorialCache[n] = lf;
  return lf;
}

/** Type-7 quantile of an ascending-sorted array (linear interpolation between order statistics). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h), hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function median(values: ArrayLike<number>): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}
