import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  crps, crpsNaive, intervalCoverage, intervalScore, meanIntervalScore, medianIntervalScore, paperCrps, rmse, rmspe, scoreTable,
} from '../../src/diagnostics/index.js';
import { createRng } from '../../src/runtime/rng.js';
import { normalCdf } from '../../src/diagnostics/stats.js';

describe('point-estimate scores', () => {
  it('RMSPE is the root of the MEDIAN squared error, RMSE of the mean', () => {
    // squared errors 0.25, 0, 1 → median 0.25, mean 1.25/3
    expect(rmspe([1, 2, 3], [1.5, 2, 2])).toBeCloseTo(0.5, 15);
    expect(rmse([1, 2, 3], [1.5, 2, 2])).toBeCloseTo(Math.sqrt(1.25 / 3), 15);
    expect(() => rmse([1], [1, 2])).toThrow(/squared error/);
  });
});

describe('interval score and coverage (α = 0.1, [l, u] = [0, 1])', () => {
  it('matches hand-computed values', () => {
    expect(intervalScore(0, 1, 0.5, 0.1)).toBeCloseTo(1, 15); //   inside: width only
    expect(intervalScore(0, 1, -0.5, 0.1)).toBeCloseTo(11, 12); // below: 1 + 20·0.5
    expect(intervalScore(0, 1, 1.25, 0.1)).toBeCloseTo(6, 12); //  above: 1 + 20·0.25
    expect(intervalScore(0, 1, 0, 0.1)).toBe(1); //                 on the edge: no penalty
    const l = [0, 0, 0], u = [1, 1, 1], t = [0.5, -0.5, 1.25];
    expect(medianIntervalScore(l, u, t, 0.1)).toBeCloseTo(6, 12);
    expect(meanIntervalScore(l, u, t, 0.1)).toBeCloseTo(6, 12);
    expect(intervalCoverage(l, u, t)).toBeCloseTo(1 / 3, 15);
    expect(intervalCoverage([0], [1], [1])).toBe(0); // strict inequalities, as the paper's 1{l < θ < u}
  });
});

describe('CRPS', () => {
  it('matches hand-computed values for draws {0, 1, 2} at θ = 1', () => {
    // E|X − θ| = 2/3; Σ_s Σ_t |x_s − x_t| = 8, so ½·8/9 = 4/9; CRPS = 2/9. Paper's: ½·2/3 = 1/3.
    expect(crps([0, 1, 2], 1)).toBeCloseTo(2 / 9, 15);
    expect(crps([2, 0, 1], 1, { fair: true })).toBeCloseTo(2 / 3 - 8 / 12, 15);
    expect(paperCrps([0, 1, 2], 1)).toBeCloseTo(1 / 3, 15);
    expect(crps([3], 1)).toBe(2); // one draw: the absolute error
  });

  it('fast sorted formula equals the O(S²) definition', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (draws, truth) => {
          const fast = crps(draws, truth), slow = crpsNaive(draws, truth);
          return Math.abs(fast - slow) <= 1e-9 * (1 + Math.abs(slow));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
    // Ties are the case a sort-based formula gets wrong most easily.
    expect(crps([1, 1, 2, 2, 2], 1.5)).toBeCloseTo(crpsNaive([1, 1, 2, 2, 2], 1.5), 14);
  });

  it('approaches the closed form for a Gaussian, σ[z(2Φ(z) − 1) + 2φ(z) − 1/√π]', () => {
    const rng = createRng(5), s = 20000;
    const draws = Float64Array.from({ length: s }, () => 2 * rng.normal());
    const z = 0.7 / 2;
    const exact = 2 * (z * (2 * normalCdf(z) - 1) + 2 * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) - 1 / Math.sqrt(Math.PI));
    // MC error of E|X − θ| with sd ≈ 1.2 at S = 20,000 is ≈ 0.009; allow 0.03.
    expect(Math.abs(crps(draws, 0.7) - exact)).toBeLessThan(0.03);
  });
});

describe('scoreTable, the review\'s table for one parameter', () => {
  it('computes estimates and 90% intervals from draws and agrees with the parts', () => {
    // Two test sets, draws 0..100 shifted: median 50, 5% 5, 95% 95 (type-7 quantiles).
    const s = 101, draws = new Float64Array(2 * s);
    for (let k = 0; k < s; k++) { draws[k] = k; draws[s + k] = k + 10; }
    const truths = [52, 200];
    const table = scoreTable({ truths, draws });
    expect(table.n).toBe(2);
    expect(table.rmspe).toBeCloseTo(rmspe([50, 60], truths), 12);
    expect(table.mis).toBeCloseTo(medianIntervalScore([5, 15], [95, 105], truths, 0.1), 12);
    expect(table.coverage).toBe(0.5);
    expect(table.mcrps).toBeCloseTo((paperCrps(draws.subarray(0, s), 52) + paperCrps(draws.subarray(s), 200)) / 2, 12);
    expect(table.meanCrps).toBeCloseTo((crps(draws.subarray(0, s), 52) + crps(draws.subarray(s), 200)) / 2, 12);
  });

  it('takes estimates and intervals directly (NBE) and then has no CRPS', () => {
    const table = scoreTable({ truths: [0.5, -0.5, 1.25], estimates: [0.5, 0, 1], lower: [0, 0, 0], upper: [1, 1, 1] });
    expect(table.mis).toBeCloseTo(6, 12);
    expect(table.mcrps).toBeNull();
    expect(() => scoreTable({ truths: [1] })).toThrow(/scoreTable/);
  });
});
