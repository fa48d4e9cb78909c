/**
 * Simultaneous confidence bands for the ECDF of a sample that should be U(0, 1), and the
 * matching "ECDF test" (Säilynoja, Bürkner & Vehtari 2022, "Graphical test for discrete
 * uniformity and its applications in goodness-of-fit evaluation and multiple sample
 * comparison", Statistics and Computing 32:32; their simulation method, §2.2).
 *
 * At evaluation points z_1 < … < z_K the count N·F̂(z_k) is Binomial(N, z_k) under uniformity.
 * A pointwise band at level 1 − γ uses binomial quantiles γ/2 and 1 − γ/2; γ is then lowered
 * until the band holds simultaneously at level 1 − α. The paper finds γ by simulation: for each
 * of M uniform samples take the smallest pointwise two-sided tail probability over all z_k;
 * γ is the α-quantile of those minima. We do exactly that with a fixed seed, and reuse the M
 * minima as the null distribution of the test statistic "smallest tail probability".
 */
import { binomialCdfTable } from './stats.js';
import { createRng } from '../runtime/rng.js';

export interface EcdfBands {
  /** Evaluation points (K), ascending, inside (0, 1). */
  z: Float64Array;
  /** Simultaneous band for the ECDF at z (fractions, not counts). */
  lower: Float64Array;
  upper: Float64Array;
  /** Simultaneous level is 1 − alpha; gamma is the adjusted pointwise level. */
  alpha: number;
  gamma: number;
  nSamples: number;
  /** Null distribution of the smallest pointwise tail probability, ascending (M values). */
  nullMinTail: Float64Array;
  /** cdf[k][c] = P(Binomial(N, z_k) ≤ c). */
  cdfTables: Float64Array[];
}

export interface EcdfBandOptions {
  alpha?: number;
  simulations?: number;
  seed?: number;
}

export function simultaneousEcdfBands(nSamples: number, z: Float64Array, opts: EcdfBandOptions = {}): EcdfBands {
  const alpha = opts.alpha ?? 0.05;
  const m = opts.simulations ?? 1000;
  const rng = createRng(opts.seed ?? 20220317);
  const n = nSamples, k = z.length;
  const cdfTables = Array.from(z, (zk) => binomialCdfTable(n, zk));

  const nullMinTail = new Float64Array(m);
  const bucket = new Int32Array(k + 1);
  const counts = new Int32Array(k);
  for (let s = 0; s < m; s++) {
    bucket.fill(0);
    for (let i = 0; i < n; i++) bucket[lowerBound(z, rng.uniform())]!++;
    // counts[k] = #{u ≤ z_k}: u in bucket b satisfies z_{b-1} < u ≤ z_b.
    let acc = 0;
    for (let j = 0; j < k; j++) { acc += bucket[j]!; counts[j] = acc; }
    nullMinTail[s] = minTailProbability(counts, cdfTables);
  }
  nullMinTail.sort();
  const gamma = nullMinTail[Math.max(0, Math.floor(alpha * m) - 1)]!;

  const lower = new Float64Array(k), upper = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    lower[j] = binomialQuantile(cdfTables[j]!, gamma / 2) / n;
    upper[j] = binomialQuantile(cdfTables[j]!, 1 - gamma / 2) / n;
  }
  return { z, lower, upper, alpha, gamma, nSamples: n, nullMinTail, cdfTables };
}

/** Smallest two-sided binomial tail probability 2·min(P(X ≤ c), P(X ≥ c)) over the points. */
export function minTailProbability(counts: ArrayLike<number>, cdfTables: Float64Array[]): number {
  let min = 1;
  for (let j = 0; j < cdfTables.length; j++) {
    const cdf = cdfTables[j]!, c = counts[j]!;
    const below = cdf[c]!, above = 1 - (c > 0 ? cdf[c - 1]! : 0);
    min = Math.min(min, 2 * Math.min(below, above));
  }
  return min;
}

/** P-value of the ECDF test: share of null samples at least as extreme, (b + 1)/(M + 1). */
export function ecdfTestPValue(bands: EcdfBands, counts: ArrayLike<number>): number {
  const t = minTailProbability(counts, bands.cdfTables);
  const extreme = countAtMost(bands.nullMinTail, t);
  return (extreme + 1) / (bands.nullMinTail.length + 1);
}

/** First index i of ascending `a` with a[i] ≥ x (= #{a < x}). */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** #{a ≤ x} for ascending `a`. */
function countAtMost(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Smallest c with P(X ≤ c) ≥ q. */
function binomialQuantile(cdf: Float64Array, q: number): number {
  let c = 0;
  while (c < cdf.length - 1 && cdf[c]! < q) c++;
  return c;
}
