import { describe, expect, it } from 'vitest';
import { GridDensity } from '../../src/samplers/grid-density.js';
import { createRng } from '../../src/runtime/rng.js';

describe('GridDensity', () => {
  const edges = GridDensity.uniformEdges(0, 1, 400);
  const mids = GridDensity.midpoints(edges);
  // Triangular density 2θ on [0, 1]: CDF θ², quantile √p, mean 2/3, variance 1/18.
  const triangular = new GridDensity(edges, Array.from(mids, (t) => Math.log(2 * t) + 17 /* unnormalised */));

  it('normalises and matches the closed-form quantiles, mean and variance', () => {
    for (const p of [0.05, 0.25, 0.5, 0.9, 0.99]) expect(triangular.quantile(p)).toBeCloseTo(Math.sqrt(p), 3);
    expect(triangular.mean()).toBeCloseTo(2 / 3, 4);
    expect(triangular.variance()).toBeCloseTo(1 / 18, 4);
    expect(triangular.density(0.5)).toBeCloseTo(1, 2);
    expect(triangular.density(1.5)).toBe(0);
  });

  it('draws have the right mean within Monte Carlo error', () => {
    const draws = triangular.sample(20_000, createRng(3));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(mean - 2 / 3)).toBeLessThan(5 * Math.sqrt(1 / 18 / draws.length));
  });

  it('refuses a density that is zero everywhere', () => {
    expect(() => new GridDensity(edges, new Float64Array(400).fill(-Infinity))).toThrow(/zero or not finite/);
  });
});
