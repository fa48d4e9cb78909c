/**
 * The batched ensemble sampler on densities with known answers: a correlated 2-D Gaussian (moments
 * within Monte Carlo error, judged by the chains' own ESS), a two-mode mixture (mass split across
 * modes), and several targets in one batch equal to each target run alone.
 */
import { describe, expect, it } from 'vitest';
import { sampleLearnedPosterior, pooled, type LearnedTarget } from '../../src/backends/amortized-sampling/index.js';
import { essBulk } from '../../src/diagnostics/mcmc/index.js';
import { createRng } from '../../src/runtime/rng.js';

const PRIOR_SD = 5;
const priorParts = (d: number) => ({
  samplePrior: (rng: ReturnType<typeof createRng>, out: Float64Array) => { for (let j = 0; j < d; j++) out[j] = PRIOR_SD * rng.normal(); },
  logPrior: (u: Float64Array) => { let s = 0; for (let j = 0; j < d; j++) s -= 0.5 * (u[j]! / PRIOR_SD) ** 2; return s; },
});

// Target g: N(mean_g, Σ) with Σ = [[1, 1.6], [1.6, 4]] (correlation 0.8).
const MEANS = [[1, -2], [-3, 0.5]];
const S11 = 1, S22 = 4, S12 = 1.6;
const DET = S11 * S22 - S12 * S12;
function gaussianTarget(targetMeans: number[][]): LearnedTarget {
  return {
    dim: 2,
    targets: targetMeans.length,
    ...priorParts(2),
    logDensity: (u, who) => {
      const out = new Float64Array(who.length);
      for (let i = 0; i < who.length; i++) {
        const m = targetMeans[who[i]!]!;
        const a = u[2 * i]! - m[0]!, b = u[2 * i + 1]! - m[1]!;
        out[i] = -0.5 * (S22 * a * a - 2 * S12 * a * b + S11 * b * b) / DET;
      }
      return out;
    },
  };
}

function column(chains: Float64Array[], j: number, d: number): Float64Array[] {
  return chains.map((c) => Float64Array.from({ length: c.length / d }, (_, i) => c[i * d + j]!));
}

describe('batched ensemble sampler', () => {
  it('recovers a correlated 2-D Gaussian: mean within 4 MCSE, sd within 5%, correlation within 0.03', () => {
    const res = sampleLearnedPosterior(gaussianTarget([MEANS[0]!]), [createRng(1)], { draws: 10_000 });
    const t = res.perTarget[0]!;
    const all = pooled(t.chains);
    const n = all.length / 2;
    const mean = [0, 0];
    for (let i = 0; i < n; i++) { mean[0]! += all[2 * i]! / n; mean[1]! += all[2 * i + 1]! / n; }
    let v0 = 0, v1 = 0, c01 = 0;
    for (let i = 0; i < n; i++) {
      const a = all[2 * i]! - mean[0]!, b = all[2 * i + 1]! - mean[1]!;
      v0 += a * a / n; v1 += b * b / n; c01 += a * b / n;
    }
    for (let j = 0; j < 2; j++) {
      const ess = essBulk(column(t.superchains, j, 2));
      // The chains must actually mix: ESS of at least 1000 of the 10,000 draws.
      expect(ess).toBeGreaterThan(1000);
      const sd = Math.sqrt([S11, S22][j]!);
      expect(Math.abs(mean[j]! - MEANS[0]![j]!)).toBeLessThan(4 * sd / Math.sqrt(ess));
    }
    // sd's relative MC error is about 1/sqrt(2·ESS) ≈ 2% at ESS ≥ 1000; 5% is > 2 of those.
    expect(Math.abs(Math.sqrt(v0) - 1)).toBeLessThan(0.05);
    expect(Math.abs(Math.sqrt(v1) / 2 - 1)).toBeLessThan(0.05);
    expect(Math.abs(c01 / Math.sqrt(v0 * v1) - 0.8)).toBeLessThan(0.03);
    expect(t.rhat).toBeLessThan(1.05);
    expect(t.drift).toBeLessThan(4);
    expect(t.warnings).toEqual([]);
    expect(t.acceptance).toBeGreaterThan(0.15);
    // One batched call per half-step: (40 warm-up + 2·10 kept) iterations × 2 halves + the SIR call.
    expect(res.calls).toBe(121);
  });

  it('splits mass between two separated modes in the right proportion (0.3 / 0.7)', () => {
    // 0.3·N(−3, 0.5²) + 0.7·N(3, 0.5²) in 1-D: modes 12 sd apart, a random walk alone would stick.
    const target: LearnedTarget = {
      dim: 1, targets: 1, ...priorParts(1),
      logDensity: (u) => u.map((v) => Math.log(0.3 * Math.exp(-0.5 * ((v + 3) / 0.5) ** 2) + 0.7 * Math.exp(-0.5 * ((v - 3) / 0.5) ** 2))),
    };
    const t = sampleLearnedPosterior(target, [createRng(2)], { draws: 10_000 }).perTarget[0]!;
    const all = pooled(t.chains);
    const right = all.filter((v) => v > 0).length / all.length;
    // Binomial sd of the fraction with ~2000 effective draws: ≈ 0.01; 0.04 allows for fewer.
    expect(Math.abs(right - 0.7)).toBeLessThan(0.04);
  });

  it('several targets in one batch give the same draws as each target alone', () => {
    const both = sampleLearnedPosterior(gaussianTarget(MEANS), [createRng(5), createRng(6)], { draws: 2000, chains: 100 });
    const alone = sampleLearnedPosterior(gaussianTarget([MEANS[1]!]), [createRng(6)], { draws: 2000, chains: 100 });
    expect(pooled(both.perTarget[1]!.chains)).toEqual(pooled(alone.perTarget[0]!.chains));
    expect(both.calls).toBe(alone.calls);
  });
});
