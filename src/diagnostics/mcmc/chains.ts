/**
 * Chain transforms used by the Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021) diagnostics
 * ("Rank-normalization, folding, and localization: an improved R-hat", Bayesian Analysis):
 * splitting each chain in half, rank normalisation, folding around the median, indicators.
 *
 * A "chains" value is one Float64Array per chain, all of the same length, for one scalar quantity.
 */
import { normalQuantile } from '../../runtime/special.js';

export type Chains = readonly Float64Array[];

/** Split every chain into its first and second half (the middle draw is dropped when odd). */
export function splitChains(chains: Chains): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of chains) {
    const half = Math.floor(c.length / 2);
    out.push(c.subarray(0, half), c.subarray(c.length - half));
  }
  return out;
}

/**
 * Ranks of the pooled values (1-based, ties get their average rank), in the chains' shape.
 * One native numeric sort, then each value's tie block [lo, hi) by binary search: its average
 * rank is (lo + hi + 1) / 2 (a comparator sort of indices costs several times more).
 */
export function pooledRanks(chains: Chains): Float64Array[] {
  const total = chains.reduce((s, c) => s + c.length, 0);
  const sorted = new Float64Array(total);
  let k = 0;
  for (const c of chains) { sorted.set(c, k); k += c.length; }
  sorted.sort();
  return chains.map((c) => {
    const r = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) {
      const v = c[i]!;
      r[i] = (bound(sorted, v, false) + bound(sorted, v, true) + 1) / 2;
    }
    return r;
  });
}

/** First index whose value is ≥ v (upper = false) or > v (upper = true) in an ascending array. */
function bound(sorted: Float64Array, v: number, upper: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (upper ? sorted[mid]! <= v : sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rank normalisation: z = Φ⁻¹((r − 3/8) / (S + 1/4)) with Blom's offset (paper eq. 14). */
export function rankNormalize(chains: Chains): Float64Array[] {
  const S = chains.reduce((s, c) => s + c.length, 0);
  return pooledRanks(chains).map((r) => r.map((ri) => normalQuantile((ri - 0.375) / (S + 0.25))));
}

/** Pooled median of all draws. */
export function pooledMedian(chains: Chains): number {
  return pooledQuantile(chains, 0.5);
}

/** Pooled quantile, linear interpolation between order statistics (R type 7, numpy default). */
export function pooledQuantile(chains: Chains, q: number): number {
  const total = chains.reduce((s, c) => s + c.length, 0);
  const v = new Float64Array(total);
  let k = 0;
  for (const c of chains) { v.set(c, k); k += c.length; }
  v.sort();
  return quantileSorted(v, q);
}

export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** |x − median|: folding makes R-hat sensitive to differences in scale, not just location. */
export function fold(chains: Chains): Float64Array[] {
  const m = pooledMedian(chains);
  return chains.map((c) => c.map((v) => Math.abs(v - m)));
}

/** Indicator I(x ≤ threshold), for quantile ESS / MCSE. */
export function indicator(chains: Chains, threshold: number): Float64Array[] {
  return chains.map((c) => c.map((v) => (v <= threshold ? 1 : 0)));
}

export function isConstant(chains: Chains): boolean {
  const first = chains[0]?.[0];
  for (const c of chains) for (let i = 0; i < c.length; i++) if (c[i] !== first) return false;
  return true;
}
