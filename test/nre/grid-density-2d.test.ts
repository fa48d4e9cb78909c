/** The 2-D grid density on a correlated Gaussian: marginal quantiles, density, exact draws. */
import { describe, expect, it } from 'vitest';
import { GridDensity2D } from '../../src/samplers/index.js';
import { GridDensity } from '../../src/samplers/grid-density.js';
import { createRng } from '../../src/runtime/rng.js';

// N((1, −1), [[1, 0.6], [0.6, 1]]) on [−5, 7] × [−7, 5], 300 × 300 cells (width 0.04: the
// piecewise-constant error in the sd is ≈ w²/24 ≈ 7·10⁻⁵, far below the tolerances).
const ex = GridDensity.uniformEdges(-5, 7, 300);
const ey = GridDensity.uniformEdges(-7, 5, 300);
const mx = GridDensity.midpoints(ex);
const my = GridDensity.midpoints(ey);
const lp = new Float64Array(300 * 300);
for (let i = 0; i < 300; i++) {
  for (let j = 0; j < 300; j++) {
    const a = mx[i]! - 1, b = my[j]! + 1;
    lp[i * 300 + j] = -0.5 * (a * a - 1.2 * a * b + b * b) / 0.64;
  }
}
const grid = new GridDensity2D(ex, ey, lp);

describe('GridDensity2D', () => {
  it('marginal quantiles are the Gaussian ones (to 0.01)', () => {
    expect(grid.quantile(0, 0.5)).toBeCloseTo(1, 2);
    expect(grid.quantile(1, 0.5)).toBeCloseTo(-1, 2);
    expect(grid.quantile(0, 0.95)).toBeCloseTo(1 + 1.6449, 2);
    expect(grid.quantile(1, 0.05)).toBeCloseTo(-1 - 1.6449, 2);
  });

  it('the density is normalised: the peak is 1/(2π·0.8)', () => {
    expect(grid.density(1, -1)).toBeCloseTo(1 / (2 * Math.PI * 0.8), 3);
    expect(grid.density(100, 0)).toBe(0);
  });

  it('draws have the mean, sd and correlation within Monte Carlo error (n = 40,000: 4 MC sd)', () => {
    const n = 40_000;
    const d = grid.sample(n, createRng(3));
    let m0 = 0, m1 = 0;
    for (let i = 0; i < n; i++) { m0 += d[2 * i]! / n; m1 += d[2 * i + 1]! / n; }
    let v0 = 0, v1 = 0, c = 0;
    for (let i = 0; i < n; i++) { const a = d[2 * i]! - m0, b = d[2 * i + 1]! - m1; v0 += a * a / n; v1 += b * b / n; c += a * b / n; }
    expect(Math.abs(m0 - 1)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m1 + 1)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(Math.sqrt(v0) - 1)).toBeLessThan(4 / Math.sqrt(2 * n));
    expect(Math.abs(c / Math.sqrt(v0 * v1) - 0.6)).toBeLessThan(0.02);
  });
});
