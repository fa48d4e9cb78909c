import { describe, expect, it } from 'vitest';
import { calibrationReport, simulateCalibrationDataBatched } from '../../src/diagnostics/index.js';
import { sampler, simulator } from './normal-normal.js';

describe('calibrationReport', () => {
  it('passes an exact sampler, fails an overconfident one, and survives JSON', () => {
    const base = { simulate: simulator(2), nSims: 500, nDraws: 100, seed: 41, parameterNames: ['a', 'b'] };
    const good = calibrationReport({ ...base, sample: sampler(2) });
    const bad = calibrationReport({ ...base, sample: sampler(2, 0.6) });
    expect(good.ok).toBe(true);
    expect(bad.ok).toBe(false);
    expect(good.parameters.map((p) => p.name)).toEqual(['a', 'b']);
    expect(JSON.parse(JSON.stringify(good))).toEqual(good);
  });
});

describe('batched, asynchronous sampling (the shape of Backend.run)', () => {
  it('feeds the same checks and thins surplus draws evenly', async () => {
    const one = sampler(1);
    // A "backend" that returns 3× the draws asked for, asynchronously, for many x at once.
    const sampleBatch = async (xs: Float64Array[], n: number, seed: number) => xs.map((x, i) => one(x, 3 * n, seed + i));
    const data = await simulateCalibrationDataBatched({ simulate: simulator(1), sampleBatch, nSims: 1000, nDraws: 100, seed: 51, batchSize: 300 });
    expect(data.draws).toHaveLength(1000 * 100);
    const report = calibrationReport({ data, seed: 1 });
    expect(report.ok).toBe(true);
    await expect(simulateCalibrationDataBatched({ simulate: simulator(1), sampleBatch: (xs) => xs.map(() => new Float64Array(3)), nSims: 2, nDraws: 10, seed: 1 }))
      .rejects.toThrow(/at least nDraws/);
  });
});
