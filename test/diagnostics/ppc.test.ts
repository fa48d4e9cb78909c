import { describe, expect, it } from 'vitest';
import { posteriorPredictiveCheck, type DataSimulator } from '../../src/diagnostics/index.js';
import { createRng } from '../../src/runtime/rng.js';

// Model: x_1..x_20 ~ N(θ, 1); flat-prior posterior θ | x ~ N(x̄, 1/20).
const m = 20;
const simulate: DataSimulator = (theta, n, seed) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * m }, (_, i) => theta[Math.floor(i / m)]! + rng.normal());
};
function check(observed: Float64Array) {
  const rng = createRng(2), s = 1000;
  const xbar = observed.reduce((a, b) => a + b, 0) / m;
  const thetaDraws = Float64Array.from({ length: s }, () => xbar + rng.normal() / Math.sqrt(m));
  return posteriorPredictiveCheck({ thetaDraws, nDraws: s, simulate, observed, seed: 3 });
}

describe('posterior predictive checks', () => {
  it('finds nothing extreme when the model generated the data', () => {
    const rng = createRng(1);
    const res = check(Float64Array.from({ length: m }, () => 1 + rng.normal()));
    expect(res.replicated).toHaveLength(1000 * m);
    expect(res.statistics.map((t) => t.name)).toEqual(['mean', 'sd', 'min', 'max']);
    for (const t of res.statistics) expect(t.twoSidedPValue).toBeGreaterThan(0.05);
    // The mean is the posterior's own centre, so its p-value sits near ½.
    expect(Math.abs(res.statistics[0]!.pValue - 0.5)).toBeLessThan(0.1);
  });

  it('flags data three times as spread as the model allows', () => {
    const rng = createRng(1);
    const res = check(Float64Array.from({ length: m }, () => 1 + 3 * rng.normal()));
    const sd = res.statistics.find((t) => t.name === 'sd')!;
    expect(sd.pValue).toBeLessThan(0.01);
  });

  it('counts ties one half, so a constant statistic gets p = ½', () => {
    const res = posteriorPredictiveCheck({
      thetaDraws: new Float64Array(10), nDraws: 10, simulate, observed: new Float64Array(m), statistics: { n: (x) => x.length },
    });
    expect(res.statistics[0]!.pValue).toBe(0.5);
  });
});
