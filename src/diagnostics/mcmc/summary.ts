/**
 * Every summary statistic of one scalar quantity in one pass over its draws: moments, 5/50/95 %
 * quantiles, R̂ (max of rank-normalised and folded split R̂), bulk and tail ESS, MCSE of the mean.
 *
 * The same numbers as calling rhat, essBulk, essTail and mcseMean separately (test/mcmc), but the
 * pooled draws are sorted once and that order serves the quantiles, the fold's median, the tail
 * thresholds and (for even chain lengths, where splitting drops no draw) the bulk ranks; the
 * separate functions sort five times. This is what makes a Posterior's summary cheap next to
 * sampling (issue 21 item 2).
 */
import { normalQuantile } from '../../runtime/special.js';
import { type Chains, indicator, isConstant, pooledRanks, quantileSorted, splitChains } from './chains.js';
import { essRaw } from './ess.js';
import { rhatRaw } from './rhat.js';

export interface ScalarSummary {
  mean: number;
  sd: number;
  q5: number;
  q50: number;
  q95: number;
  rhat: number;
  essBulk: number;
  essTail: number;
  mcse: number;
}

function ranksFromSorted(chains: Chains, sorted: Float64Array): Float64Array[] {
  const bound = (v: number, upper: boolean): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (upper ? sorted[mid]! <= v : sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return chains.map((c) => c.map((v) => (bound(v, false) + bound(v, true) + 1) / 2));
}

function normalScores(ranks: Float64Array[], total: number): Float64Array[] {
  return ranks.map((r) => r.map((ri) => normalQuantile((ri - 0.375) / (total + 0.25))));
}

/** Summary of one scalar from its per-chain draws (all chains the same length). */
export function summarizeScalar(chains: Chains): ScalarSummary {
  const total = chains.reduce((s, c) => s + c.length, 0);
  const sorted = new Float64Array(total);
  let k = 0;
  for (const c of chains) { sorted.set(c, k); k += c.length; }
  sorted.sort();
  let mean = 0;
  for (let i = 0; i < total; i++) mean += sorted[i]!;
  mean /= total;
  let v = 0;
  for (let i = 0; i < total; i++) v += (sorted[i]! - mean) ** 2;
  const sd = Math.sqrt(v / (total - 1));
  const base = {
    mean, sd,
    q5: quantileSorted(sorted, 0.05), q50: quantileSorted(sorted, 0.5), q95: quantileSorted(sorted, 0.95),
  };
  if (isConstant(chains)) return { ...base, rhat: NaN, essBulk: NaN, essTail: NaN, mcse: 0 };
  const split = splitChains(chains);
  const splitTotal = split.reduce((s, c) => s + c.length, 0);
  const ranks = splitTotal === total ? ranksFromSorted(split, sorted) : pooledRanks(split);
  const z = normalScores(ranks, splitTotal);
  const median = base.q50;
  const folded = split.map((c) => c.map((x) => Math.abs(x - median)));
  const zFolded = normalScores(pooledRanks(folded), splitTotal);
  const rhat = chains.length > 1 ? Math.max(rhatRaw(z), rhatRaw(zFolded)) : NaN;
  const tail = Math.min(
    essRaw(splitChains(indicator(chains, base.q5))),
    essRaw(splitChains(indicator(chains, base.q95))),
  );
  return { ...base, rhat, essBulk: essRaw(z), essTail: tail, mcse: sd === 0 ? 0 : sd / Math.sqrt(essRaw(split)) };
}
