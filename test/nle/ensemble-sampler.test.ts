/**
 * The batched ensemble sampler on densities with known answers: a correlated 2-D Gaussian (moments
 * within Monte Carlo error, judged by the chains' own ESS), a two-mode mixture (mass split across
 * modes), and several targets in one batch equal to each target run alone.
 */
import { describe, expect, it } from 'vitest';
import { sampleLearnedPosterior, pooled, type LearnedTarget } from '../../src/samplers/index.js';
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
    // Default: one chain per draw, so the drift check (≥ 2 draws per chain) is skipped.
    expect(t.chains.length).toBe(10_000);
    expect(t.drift).toBeNaN();
    expect(t.warnings).toEqual([]);
    expect(t.acceptance).toBeGreaterThan(0.15);
    // Default warm-up: 8 differential-evolution iterations, then independence moves until ≤ 5 % of
    // the chains have not jumped (on a Gaussian the fitted mixture is close: one or two iterations).
    expect(t.warmup).toBeGreaterThan(8);
    expect(t.warmup).toBeLessThanOrEqual(12);
    // One batched call per half-step: (warm-up + 2·1 kept) iterations × 2 halves + the SIR call.
    expect(res.calls).toBe(2 * (t.warmup + 2) + 1);
    expect(t.sharedFraction).toBeLessThanOrEqual(0.005);
  });

  it('the drift check runs with several draws per chain', () => {
    const t = sampleLearnedPosterior(gaussianTarget([MEANS[0]!]), [createRng(1)], { draws: 10_000, chains: 1000 }).perTarget[0]!;
    expect(t.drift).toBeLessThan(4);
    expect(t.warnings).toEqual([]);
  });

  it('default read-out of a 10-D posterior (gaussian_linear, exact likelihood): distinct draws, right mean and sd', () => {
    // sbibm gaussian_linear, observation 1: θ ~ N(0, 0.1 I), x | θ ~ N(θ, 0.1 I), posterior N(x/2, 0.05 I).
    // With 1000 chains × 10 kept states (the old default) only ≈ 5,100 of the 10,000 draws were
    // distinct (rejected moves repeat a state) and C2ST against exact draws was 0.72 although the
    // mean and sd were right; one chain per draw gives 10,000 distinct draws (C2ST 0.50).
    const d = 10;
    const x = [1.0471346, 0.5566712, -0.23618454, 0.027879834, -1.0051446, -0.007930746, 0.06117077, -0.29286885, -0.38539964, 0.2449614];
    const target: LearnedTarget = {
      dim: d, targets: 1,
      samplePrior: (rng, out) => { for (let j = 0; j < d; j++) out[j] = Math.sqrt(0.1) * rng.normal(); },
      logPrior: (u) => { let s = 0; for (let j = 0; j < d; j++) s -= u[j]! ** 2 / 0.2; return s; },
      logDensity: (u, who) => {
        const out = new Float64Array(who.length);
        for (let i = 0; i < who.length; i++) {
          let s = 0;
          for (let j = 0; j < d; j++) s -= u[i * d + j]! ** 2 / 0.2 + (x[j]! - u[i * d + j]!) ** 2 / 0.2;
          out[i] = s;
        }
        return out;
      },
    };
    const t = sampleLearnedPosterior(target, [createRng(3)], { draws: 10_000 }).perTarget[0]!;
    const all = pooled(t.chains);
    const n = all.length / d;
    expect(n).toBe(10_000);
    const distinct = new Set<string>();
    for (let i = 0; i < n; i++) distinct.add(Array.from(all.subarray(i * d, (i + 1) * d)).join(','));
    expect(distinct.size).toBeGreaterThan(0.99 * n);
    const sd0 = Math.sqrt(0.05);
    for (let j = 0; j < d; j++) {
      let m = 0, v = 0;
      for (let i = 0; i < n; i++) m += all[i * d + j]! / n;
      for (let i = 0; i < n; i++) v += (all[i * d + j]! - m) ** 2 / n;
      // Observed: |error| ≤ 0.04 posterior sd, sd within 3%.
      expect(Math.abs(m - x[j]! / 2) / sd0).toBeLessThan(0.1);
      expect(Math.abs(Math.sqrt(v) / sd0 - 1)).toBeLessThan(0.06);
    }
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

  it('several targets in one batch give the same draws as each target alone (every warm-up kind)', () => {
    const kinds = [{}, { independence: false as const }, { independence: false as const, minWarmup: 8 }];
    for (const kind of kinds) {
      const both = sampleLearnedPosterior(gaussianTarget(MEANS), [createRng(5), createRng(6)], { draws: 2000, chains: 100, ...kind });
      const alone = sampleLearnedPosterior(gaussianTarget([MEANS[1]!]), [createRng(6)], { draws: 2000, chains: 100, ...kind });
      expect(pooled(both.perTarget[1]!.chains)).toEqual(pooled(alone.perTarget[0]!.chains));
      expect(both.perTarget[1]!.warmup).toBe(alone.perTarget[0]!.warmup);
    }
  });

  it('refresh warm-up (DE only): runs until the chains no longer share their SIR starting points, target by target', () => {
    // A posterior 100× narrower than the prior: SIR from the prior keeps few distinct candidates, so
    // most chains start on shared points. Its batch-mate is an easy, prior-wide target.
    const narrowSd = 0.05;
    const target = (sds: number[]): LearnedTarget => ({
      dim: 2, targets: sds.length, ...priorParts(2),
      logDensity: (u, who) => u.filter((_, i) => i % 2 === 0).map((_, i) => -0.5 * ((u[2 * i]! - 1) ** 2 + u[2 * i + 1]! ** 2) / sds[who[i]!]! ** 2),
    });
    const opts = { draws: 4000, candidatesPerChain: 4, minWarmup: 8, independence: false as const };
    const batch = sampleLearnedPosterior(target([narrowSd, 5]), [createRng(7), createRng(8)], opts);
    const [narrow, wide] = batch.perTarget;
    expect(narrow!.warmup).toBeGreaterThan(wide!.warmup);
    for (const t of [narrow!, wide!]) {
      const all = pooled(t.chains);
      const distinct = new Set<string>();
      for (let i = 0; i < all.length / 2; i++) distinct.add(`${all[2 * i]},${all[2 * i + 1]}`);
      expect(distinct.size / (all.length / 2)).toBeGreaterThanOrEqual(0.995);
      expect(t.sharedFraction).toBeLessThanOrEqual(0.005);
    }
    // The same narrow target with a short fixed warm-up keeps many repeats, and says so.
    const fixed = sampleLearnedPosterior(target([narrowSd]), [createRng(7)], { ...opts, warmup: 4, minWarmup: 4 }).perTarget[0]!;
    expect(fixed.warmup).toBe(4);
    expect(fixed.sharedFraction).toBeGreaterThan(0.02);
    expect(fixed.warnings.join(' ')).toMatch(/repeat another draw/);
    // The narrow posterior's sd is right after the adaptive warm-up (MC error ≈ 1/sqrt(2·4000) ≈ 1%).
    const all = pooled(narrow!.chains);
    let v = 0;
    for (let i = 0; i < all.length / 2; i++) v += (all[2 * i]! - 1) ** 2 / (all.length / 2);
    expect(Math.abs(Math.sqrt(v) / narrowSd - 1)).toBeLessThan(0.06);
  });

  it('independence warm-up: a narrow posterior, heavily shared at the start, ends with distinct draws of the right spread', () => {
    const sd0 = 0.05;
    const target: LearnedTarget = {
      dim: 2, targets: 1, ...priorParts(2),
      logDensity: (u, who) => Float64Array.from(who, (_, i) => -0.5 * ((u[2 * i]! - 1) ** 2 + (u[2 * i + 1]! - 1.6 * (u[2 * i]! - 1)) ** 2) / sd0 ** 2),
    };
    const t = sampleLearnedPosterior(target, [createRng(9)], { draws: 10_000 }).perTarget[0]!;
    expect(t.warmup).toBeLessThan(40);
    expect(t.sharedFraction).toBeLessThanOrEqual(0.005);
    const all = pooled(t.chains);
    const n = all.length / 2;
    // x₀ − 1 ~ N(0, sd0²), x₁ = 1.6 (x₀ − 1) + N(0, sd0²): sd of x₁ is sd0·√(1 + 1.6²).
    let v0 = 0, v1 = 0, m0 = 0;
    for (let i = 0; i < n; i++) { m0 += all[2 * i]! / n; v0 += (all[2 * i]! - 1) ** 2 / n; v1 += all[2 * i + 1]! ** 2 / n; }
    const ess = essBulk(column(t.superchains, 0, 2));
    expect(ess).toBeGreaterThan(2000);
    expect(Math.abs(m0 - 1)).toBeLessThan(4 * sd0 / Math.sqrt(ess));
    expect(Math.abs(Math.sqrt(v0) / sd0 - 1)).toBeLessThan(0.05);
    expect(Math.abs(Math.sqrt(v1) / (sd0 * Math.sqrt(1 + 1.6 ** 2)) - 1)).toBeLessThan(0.05);
  });
});
