/**
 * Post-run checks with advice, following Stan's `diagnose` and Betancourt (2016,
 * "Diagnosing suboptimal cotangent disintegrations in HMC") for E-BFMI:
 *   E-BFMI = Σ (E_t − E_{t−1})² / Σ (E_t − Ē)², below 0.3 means the momentum resampling cannot
 *   explore the energy distribution (heavy tails, poor metric).
 * Plus convergence checks from the summary: R̂ > 1.01, bulk/tail ESS < 100 per chain.
 */
import type { SummaryRow } from '../posterior/format.js';
import type { ChainResult } from './chain-result.js';

export function ebfmi(energy: Float64Array): number {
  const n = energy.length;
  if (n < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += energy[i]!;
  mean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) num += (energy[i]! - energy[i - 1]!) ** 2;
    den += (energy[i]! - mean) ** 2;
  }
  return num / den;
}

export function nutsWarnings(chains: ChainResult[], opts: { targetAccept: number; maxTreeDepth: number }): string[] {
  const warnings: string[] = [];
  const total = chains.reduce((s, c) => s + c.numDraws, 0);
  const divergent = chains.reduce((s, c) => s + (c.divergent?.reduce((a, b) => a + b, 0) ?? 0), 0);
  if (divergent > 0) {
    warnings.push(
      `${divergent} divergent transition${divergent === 1 ? '' : 's'} after warmup (${((100 * divergent) / total).toFixed(1)}%): ` +
        `increase targetAccept (now ${opts.targetAccept}) or reparameterise (e.g. non-centred hierarchical priors); the draws may be biased`,
    );
  }
  const saturated = chains.reduce((s, c) => s + (c.treeDepth?.reduce((a, d) => a + (d >= opts.maxTreeDepth ? 1 : 0), 0) ?? 0), 0);
  if (saturated > 0) {
    warnings.push(
      `${saturated} of ${total} transitions hit maxTreeDepth (${opts.maxTreeDepth}): sampling is inefficient, not biased; ` +
        `increase maxTreeDepth, use metric: 'dense' for correlated parameters, or reparameterise`,
    );
  }
  chains.forEach((c, i) => {
    if (!c.energy) return;
    const b = ebfmi(c.energy);
    if (b < 0.3) {
      warnings.push(`chain ${i + 1}: E-BFMI ${b.toFixed(2)} < 0.3: the sampler explores the energy distribution poorly (heavy tails or a bad metric); reparameterise or run longer warmup`);
    }
  });
  return warnings;
}

export function convergenceWarnings(rows: SummaryRow[], numChains: number): string[] {
  const warnings: string[] = [];
  const badRhat = rows.filter((r) => r.rhat > 1.01);
  if (badRhat.length > 0) {
    const worst = badRhat.reduce((a, b) => (b.rhat > a.rhat ? b : a));
    warnings.push(
      `R-hat > 1.01 for ${badRhat.length} parameter${badRhat.length === 1 ? '' : 's'} (worst ${worst.name}: ${worst.rhat.toFixed(3)}): ` +
        `the chains disagree; run more warmup/draws, check for multimodality, or reparameterise`,
    );
  }
  const minEss = 100 * numChains;
  const lowEss = rows.filter((r) => r.essBulk < minEss || r.essTail < minEss);
  if (lowEss.length > 0) {
    warnings.push(
      `bulk or tail ESS below ${minEss} (100 per chain) for ${lowEss.map((r) => r.name).slice(0, 5).join(', ')}${lowEss.length > 5 ? ', ...' : ''}: ` +
        `posterior means and quantiles are unreliable; run more draws`,
    );
  }
  return warnings;
}
