import { describe, expect, it } from 'vitest';
import { binomialCdfTable, kolmogorovSurvival, ksUniformStatistic, median, quantileSorted } from '../../src/diagnostics/stats.js';

describe('statistical helpers', () => {
  it('Kolmogorov tail matches the classical critical values', () => {
    // Asymptotic 5% and 1% points: λ = 1.3581 and 1.6276.
    const n = 1e6, root = Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n);
    expect(kolmogorovSurvival(1.3581 / root, n)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSurvival(1.6276 / root, n)).toBeCloseTo(0.01, 4);
    expect(kolmogorovSurvival(0, 10)).toBe(1);
    expect(ksUniformStatistic([0.5])).toBe(0.5);
  });

  it('binomial CDF table matches hand values and ends at 1', () => {
    const cdf = binomialCdfTable(3, 0.5); // pmf 1/8, 3/8, 3/8, 1/8
    expect(Array.from(cdf)).toEqual([0.125, 0.5, 0.875, 1].map((v) => expect.closeTo(v, 14)));
    expect(binomialCdfTable(500, 0.37)[500]).toBeCloseTo(1, 12);
  });

  it('type-7 quantiles interpolate between order statistics', () => {
    const s = [1, 2, 3, 4];
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 0.5)).toBe(2.5);
    expect(quantileSorted(s, 0.05)).toBeCloseTo(1.15, 14);
    expect(median([3, 1, 2])).toBe(2);
  });
});
