/**
 * Potential scale reduction R̂ (Gelman & Rubin 1992; Vehtari, Gelman, Simpson, Carpenter &
 * Bürkner 2021). R̂ = sqrt(((n−1)/n·W + B/n) / W) on split chains, where W is the mean
 * within-chain variance and B/n the variance of the chain means.
 *
 * `rhat` is the recommended version: the maximum of the rank-normalised split R̂ (bulk: location)
 * and the folded one (|x − median|: scale/tails). Values above 1.01 mean the chains disagree.
 */
import { type Chains, fold, isConstant, rankNormalize, splitChains } from './chains.js';

/** Classic R̂ on chains taken as they are. */
export function rhatRaw(chains: Chains): number {
  const m = chains.length;
  const n = Math.min(...chains.map((c) => c.length));
  if (m < 2 || n < 2) return NaN;
  const means: number[] = [];
  const vars: number[] = [];
  for (const c of chains) {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i]!;
    const mean = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (c[i]! - mean) ** 2;
    means.push(mean);
    vars.push(v / (n - 1));
  }
  const W = vars.reduce((a, b) => a + b, 0) / m;
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const Bn = means.reduce((a, b) => a + (b - grand) ** 2, 0) / (m - 1); // B / n
  return Math.sqrt(((n - 1) / n * W + Bn) / W);
}

/** Split R̂ (Gelman et al., BDA3). */
export function rhatBasic(chains: Chains): number {
  return rhatRaw(splitChains(chains));
}

/** Rank-normalised split R̂ for location. */
export function rhatBulk(chains: Chains): number {
  return rhatRaw(rankNormalize(splitChains(chains)));
}

/** Rank-normalised split R̂ of the folded draws, for scale. */
export function rhatTail(chains: Chains): number {
  return rhatRaw(rankNormalize(splitChains(fold(chains))));
}

/** max(bulk, folded): the R̂ to report. NaN for constant draws. */
export function rhat(chains: Chains): number {
  if (isConstant(chains)) return NaN;
  return Math.max(rhatBulk(chains), rhatTail(chains));
}
