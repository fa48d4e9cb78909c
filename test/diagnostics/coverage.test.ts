import { describe, expect, it } from 'vitest';
import { centralCoverage, hpdCoverage, runCoverage, simulateCalibrationData } from '../../src/diagnostics/index.js';
import { logDensity, posteriorMean, sampler, simulator } from './normal-normal.js';

// N = 2000 simulations: binomial SE at level 0.9 is √(0.9·0.1/2000) ≈ 0.0067.
const N = 2000, S = 200;

describe('expected coverage of central intervals', () => {
  it('is nominal (|z| < 3 at every level) for exact posterior draws', () => {
    const res = runCoverage({ simulate: simulator(2), sample: sampler(2), nSims: N, nDraws: S, seed: 21 });
    expect(res.levels).toEqual([0.5, 0.8, 0.9, 0.95]);
    expect(res.rows).toHaveLength(2);
    for (const row of res.rows) {
      for (const c of row) {
        expect(c.se).toBeCloseTo(Math.sqrt((c.level * (1 - c.level)) / N), 12);
        expect(Math.abs(c.z)).toBeLessThan(3);
      }
    }
  });

  it('is too high by more than 5 SE for an over-dispersed sampler and too low for an under-dispersed one', () => {
    const make = (scale: number) =>
      simulateCalibrationData({ simulate: simulator(1), sample: sampler(1, scale), nSims: N, nDraws: S, seed: 22 });
    const wide = centralCoverage(make(1.5)).rows[0]!;
    const narrow = centralCoverage(make(0.6)).rows[0]!;
    for (const c of wide) expect(c.coverage - c.level).toBeGreaterThan(5 * c.se);
    for (const c of narrow) expect(c.level - c.coverage).toBeGreaterThan(5 * c.se);
    // And against the analytic coverage of a mis-scaled Gaussian interval, P(|Z| < scale·z_γ):
    // at γ = 0.5 that is 0.688 for scale 1.5 and 0.314 for scale 0.6 (SE ≈ 0.011 at N = 2000).
    expect(Math.abs(wide[0]!.coverage - 0.688)).toBeLessThan(4 * 0.0104);
    expect(Math.abs(narrow[0]!.coverage - 0.314)).toBeLessThan(4 * 0.0104);
  });
});

describe('expected coverage of highest-density regions (HPD by rank)', () => {
  // Draw each posterior sample set by hand so the sampler's own log-density is at hand.
  function hpdInput(scale: number) {
    const dim = 2;
    const { theta, x } = simulator(dim)(N, 23);
    const dataDim = x.length / N, sample = sampler(dim, scale);
    const logDensityTruth = new Float64Array(N), logDensityDraws = new Float64Array(N * S);
    for (let i = 0; i < N; i++) {
      const xi = x.subarray(i * dataDim, (i + 1) * dataDim);
      const mu = posteriorMean(xi, dim), draws = sample(xi, S, 1000 + i);
      logDensityTruth[i] = logDensity(theta, i * dim, mu, dim, scale);
      for (let s = 0; s < S; s++) logDensityDraws[i * S + s] = logDensity(draws, s * dim, mu, dim, scale);
    }
    return { logDensityTruth, logDensityDraws, nSims: N, nDraws: S };
  }

  it('is nominal for the exact posterior and detects overconfidence jointly', () => {
    for (const c of hpdCoverage(hpdInput(1)).rows[0]!) expect(Math.abs(c.z)).toBeLessThan(3);
    for (const c of hpdCoverage(hpdInput(0.6)).rows[0]!) expect(c.z).toBeLessThan(-5);
  });

  it('rejects inputs of the wrong length', () => {
    expect(() => hpdCoverage({ logDensityTruth: new Float64Array(3), logDensityDraws: new Float64Array(5), nSims: 3, nDraws: 2 }))
      .toThrow(/hpdCoverage/);
  });
});
