import { describe, expect, it } from 'vitest';
import { runTarp, simulateCalibrationData, tarp } from '../../src/diagnostics/index.js';
import { sampler, simulator } from './normal-normal.js';

const N = 1000, S = 100;
const data = (scale: number) =>
  simulateCalibrationData({ simulate: simulator(2), sample: sampler(2, scale), nSims: N, nDraws: S, seed: 31 });

describe('TARP expected coverage probability', () => {
  it('follows the diagonal for an exact sampler', () => {
    const res = tarp(data(1), { seed: 4 });
    expect(res.alpha).toHaveLength(101);
    expect(res.ecp[0]).toBe(0);
    expect(res.ecp[100]).toBe(1);
    // KS: sup|ECP − α| ≤ 1.63/√N ≈ 0.052 with probability 0.99 under exactness.
    expect(res.maxDeviation).toBeLessThan(1.63 / Math.sqrt(N));
    expect(res.pValue).toBeGreaterThan(0.01);
    expect(res.area).toBeLessThan(0.03);
  });

  it('leaves the diagonal for over- and under-dispersed samplers', () => {
    for (const scale of [1.5, 0.6]) {
      const res = tarp(data(scale), { seed: 4 });
      expect(res.pValue).toBeLessThan(1e-6);
      expect(res.area).toBeGreaterThan(0.05);
    }
  });

  it('accepts given reference points and runs end to end', () => {
    const refs = new Float64Array(200 * 2); // all at the origin: still a valid reference distribution
    const res = runTarp({ simulate: simulator(2), sample: sampler(2), nSims: 200, nDraws: 50, seed: 7, references: refs });
    expect(res.f).toHaveLength(200);
    expect(res.pValue).toBeGreaterThan(0.01);
    expect(() => tarp(data(1), { references: new Float64Array(3) })).toThrow(/references/);
  });
});
