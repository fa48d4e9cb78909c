import { describe, expect, it } from 'vitest';
import { embed } from '../../../src/runtime/gp/circulant-embedding.js';
import { createRng } from '../../../src/runtime/rng.js';

const grid = { rows: 16, cols: 16, spacing: 1 / 15 };

function exactCovariance(i: number, j: number, range: number): number {
  const dr = Math.floor(i / 16) - Math.floor(j / 16);
  const dc = (i % 16) - (j % 16);
  return Math.exp((-grid.spacing * Math.hypot(dr, dc)) / range);
}

describe('circulant embedding of the exponential covariance on a 16×16 grid', () => {
  it('finds a non-negative spectrum for every length scale of the review prior U(0, 0.6)', () => {
    for (const range of [0.001, 0.05, 0.2, 0.4, 0.55, 0.6]) {
      const sampler = embed(grid, (d) => Math.exp(-d / range));
      expect(sampler.torusSize).toBeLessThanOrEqual(64);
    }
  });

  it('draws fields whose empirical covariance matches C(h) = exp(-h/θ) within Monte Carlo error', () => {
    const range = 0.3;
    const sampler = embed(grid, (d) => Math.exp(-d / range));
    const rng = createRng(7);
    const draws = 4000;
    const field = new Float64Array(256);
    // Pairs covering near, far and diagonal lags, including the two corners.
    const pairs: [number, number][] = [[0, 0], [0, 1], [0, 16], [0, 17], [0, 255], [120, 135], [37, 200], [255, 255]];
    const sums = new Float64Array(pairs.length);
    for (let s = 0; s < draws; s++) {
      sampler.sample(rng, field);
      pairs.forEach(([i, j], k) => {
        sums[k]! += field[i]! * field[j]!;
      });
    }
    pairs.forEach(([i, j], k) => {
      const exact = exactCovariance(i, j, range);
      const estimate = sums[k]! / draws;
      // For zero-mean Gaussians, Var(x_i x_j) = C_ii C_jj + C_ij² = 1 + C_ij².
      const standardError = Math.sqrt((1 + exact * exact) / draws);
      expect(Math.abs(estimate - exact)).toBeLessThan(5 * standardError);
    });
  });

  it('refuses, rather than approximates, when no torus size is valid', () => {
    expect(() => embed(grid, (d) => Math.exp(-d / 0.6), 32)).toThrow(/non-negative spectrum/);
  });
});
