/**
 * Monte Carlo standard errors (Vehtari et al. 2021, §4.4; as in the R package `posterior`).
 *
 * - mcseMean = sd / sqrt(essBasic): the error of the posterior-mean estimate.
 * - mcseSd: via the ESS of the second central moment (x − mean)² (delta method).
 * - mcseQuantile: the q-quantile's ESS gives a Beta(ESS·q+1, ESS·(1−q)+1) interval for the
 *   *probability* level of the true quantile; mapping its ±1σ points (15.9%, 84.1%) back through
 *   the sorted draws gives the error on the value scale. We use the normal approximation of that
 *   Beta (mean q, sd sqrt(q(1−q)/(ESS+2))) — accurate at the ESS sizes worth reporting.
 */
import { type Chains, indicator, pooledQuantile, splitChains } from './chains.js';
import { essBasic, essRaw } from './ess.js';

export function pooledMeanSd(chains: Chains): { mean: number; sd: number } {
  let n = 0;
  let s = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++) { s += c[i]!; n++; }
  const mean = s / n;
  let v = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++) v += (c[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(v / (n - 1)) };
}

export function mcseMean(chains: Chains): number {
  const { sd } = pooledMeanSd(chains);
  if (sd === 0) return 0;
  return sd / Math.sqrt(essBasic(chains));
}

export function mcseSd(chains: Chains): number {
  const { mean, sd } = pooledMeanSd(chains);
  if (sd === 0) return 0;
  const sq = chains.map((c) => c.map((v) => (v - mean) ** 2));
  const ess = essBasic(sq);
  // Var(s²) ≈ Var((x−μ)²)/ESS; delta method: Var(s) ≈ Var(s²)/(4 s²).
  const m2 = pooledMeanSd(sq);
  return Math.sqrt((m2.sd * m2.sd) / ess / (4 * sd * sd));
}

export function mcseQuantile(chains: Chains, q: number): number {
  const threshold = pooledQuantile(chains, q);
  const ess = essRaw(splitChains(indicator(chains, threshold)));
  if (!Number.isFinite(ess)) return NaN;
  const spread = Math.sqrt((q * (1 - q)) / (ess + 2));
  const sorted = new Float64Array(chains.reduce((s, c) => s + c.length, 0));
  let k = 0;
  for (const c of chains) { sorted.set(c, k); k += c.length; }
  sorted.sort();
  const S = sorted.length;
  const a1 = q - spread;
  const a2 = q + spread;
  const th1 = sorted[Math.max(Math.floor(a1 * S), 1) - 1]!;
  const th2 = sorted[Math.min(Math.ceil(a2 * S), S) - 1]!;
  return (th2 - th1) / 2;
}
