/**
 * NUTS on hand-written Gaussians: the means must lie within 4 MCSE of the truth and the
 * variances within their Monte Carlo error (var of s² ≈ 2σ⁴/ESS for Gaussian marginals).
 */
import { describe, expect, it } from 'vitest';
import { runNutsChain, type NutsChainOptions } from '../../src/backends/mcmc/nuts-chain.js';
import type { DensityTarget } from '../../src/backends/mcmc/target.js';
import { essBasic, mcseMean } from '../../src/diagnostics/mcmc/index.js';
import { ebfmi } from '../../src/backends/mcmc/sampler-diagnostics.js';
import { createRng } from '../../src/runtime/rng.js';
import { correlatedNormal, diagNormal, funnel, standardNormal } from './targets.js';

const base: NutsChainOptions = { warmup: 1000, draws: 1000, targetAccept: 0.8, maxTreeDepth: 10, metric: 'diag' };

function run(target: DensityTarget, opts: Partial<NutsChainOptions>, seed: number, chains = 4) {
  const rngs = createRng(seed).splitN(chains);
  return rngs.map((r) => runNutsChain(target, { ...base, ...opts }, r));
}

/** Per-coordinate chains from chain results. */
function coord(results: ReturnType<typeof run>, j: number, f: (v: number) => number = (v) => v): Float64Array[] {
  return results.map((r) => Float64Array.from({ length: r.numDraws }, (_, i) => f(r.draws[i * r.dim + j]!)));
}

function checkMoments(results: ReturnType<typeof run>, mean: number[], sd: number[]): void {
  mean.forEach((m, j) => {
    const ch = coord(results, j);
    const pooled = ch.flatMap((c) => Array.from(c));
    const est = pooled.reduce((a, b) => a + b) / pooled.length;
    expect(Math.abs(est - m)).toBeLessThan(4 * mcseMean(ch));
    const v = pooled.reduce((a, b) => a + (b - est) ** 2, 0) / (pooled.length - 1);
    // MCSE of the variance: ESS of the squared deviations; 4 standard errors.
    const sq = coord(results, j, (x) => (x - m) ** 2);
    const essSq = essBasic(sq);
    const seVar = Math.sqrt(2 / essSq) * sd[j]! ** 2;
    expect(Math.abs(v - sd[j]! ** 2)).toBeLessThan(4 * seVar);
  });
}

describe('NUTS on Gaussians', () => {
  it('standard normal in 20 dimensions', () => {
    const res = run(standardNormal(20), {}, 1);
    checkMoments(res, new Array(20).fill(0), new Array(20).fill(1));
    for (const r of res) {
      const acc = r.acceptStat.reduce((a, b) => a + b) / r.numDraws;
      // Dual averaging hits targetAccept up to the usual over-shoot (Stan gets 0.8–0.9 here).
      expect(acc).toBeGreaterThan(0.7);
      expect(acc).toBeLessThan(0.95);
      expect(r.divergent!.reduce((a, b) => a + b)).toBe(0);
      expect(ebfmi(r.energy!)).toBeGreaterThan(0.5);
      // NUTS on an iid Gaussian is super-efficient: ESS ≥ draws for the mean.
    }
    expect(essBasic(coord(res, 0))).toBeGreaterThan(2000);
  });

  it('adapts a diagonal metric to scales spanning 4 orders of magnitude', () => {
    const sd = [0.01, 0.1, 1, 10, 100];
    const mean = [1, -2, 3, 0, 50];
    const res = run(diagNormal(mean, sd), {}, 2);
    checkMoments(res, mean, sd);
    for (const r of res) {
      sd.forEach((s, j) => {
        const ratio = r.invMetric![j]! / (s * s);
        expect(ratio).toBeGreaterThan(0.7);
        expect(ratio).toBeLessThan(1.4);
      });
      // With the metric adapted, the problem is isotropic: short trees.
      expect(r.treeDepth!.reduce((a, b) => a + b) / r.numDraws).toBeLessThan(4);
    }
  });

  it('correlated Gaussian (ρ = 0.95) with the dense metric', () => {
    const res = run(correlatedNormal(0.95), { metric: 'dense' }, 3);
    checkMoments(res, [0, 0], [1, 1]);
    for (const r of res) {
      const m = r.invMetric!;
      expect(m[1]! / Math.sqrt(m[0]! * m[3]!)).toBeGreaterThan(0.9); // learnt the correlation
      expect(r.treeDepth!.reduce((a, b) => a + b) / r.numDraws).toBeLessThan(3);
    }
    // Correlation of the draws.
    const x = coord(res, 0).flatMap((c) => Array.from(c));
    const y = coord(res, 1).flatMap((c) => Array.from(c));
    const sxy = x.reduce((a, v, i) => a + v * y[i]!, 0);
    const corr = sxy / Math.sqrt(x.reduce((a, v) => a + v * v, 0) * y.reduce((a, v) => a + v * v, 0));
    // sd of the sample correlation ≈ (1 − ρ²)/√ESS ≈ 0.003 at ESS ~ 1000.
    expect(Math.abs(corr - 0.95)).toBeLessThan(0.015);
  });

  it('correlated Gaussian with the diagonal metric needs longer trees but is still correct', () => {
    const res = run(correlatedNormal(0.95), {}, 4);
    checkMoments(res, [0, 0], [1, 1]);
    expect(res[0]!.treeDepth!.reduce((a, b) => a + b) / res[0]!.numDraws).toBeGreaterThan(2);
  });

  it('a mild funnel: the log-scale marginal v ~ N(0, 1.5²) is recovered', () => {
    const res = run(funnel(4, 1.5), { targetAccept: 0.95 }, 5);
    checkMoments(res, [0], [1.5]);
  });

  it('is deterministic for a fixed seed', () => {
    const a = run(standardNormal(3), { warmup: 100, draws: 50 }, 9, 1)[0]!;
    const b = run(standardNormal(3), { warmup: 100, draws: 50 }, 9, 1)[0]!;
    expect(Array.from(a.draws)).toEqual(Array.from(b.draws));
  });

  it('respects maxTreeDepth', () => {
    const res = run(correlatedNormal(0.999), { maxTreeDepth: 3, warmup: 50, draws: 200 }, 6, 1);
    expect(Math.max(...res[0]!.treeDepth!)).toBeLessThanOrEqual(3);
    expect(Math.max(...res[0]!.nLeapfrog!)).toBeLessThanOrEqual(7);
  });
});
