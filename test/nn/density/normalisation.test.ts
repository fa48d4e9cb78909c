/**
 * log q(· | c) integrates to 1: quadrature in 1-D (trapezoid, [−20, 20], h = 0.005) and in 2-D
 * (midpoint, [−20, 20]², 401² points, h = 0.1) for every estimator, at a fixed context c, with
 * perturbed weights (σ = 0.3) so the densities are non-Gaussian (perturbed affine flows can put a
 * few percent of their mass outside [−10, 10]², hence the wide box). Tolerance 1e-2: the grid error
 * for densities this smooth is below 1e-3.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { perturbWeights, setupBackend, tf } from './helpers.js';
import { createDensityEstimator, type AnyDensitySpec } from '../../../src/nn/density/index.js';

beforeAll(async () => {
  await setupBackend();
});

function specs(dim: number): { name: string; spec: AnyDensitySpec }[] {
  const base = { dim, contextDim: 1, hidden: [16, 16], seed: 9 };
  return [
    { name: 'diagonal Gaussian', spec: { kind: 'diag-gaussian', config: base } },
    { name: 'full Gaussian', spec: { kind: 'full-gaussian', config: base } },
    { name: 'MDN full', spec: { kind: 'mdn', config: { ...base, components: 3, covariance: 'full' } } },
    { name: 'MDN diag', spec: { kind: 'mdn', config: { ...base, components: 3, covariance: 'diag' } } },
    { name: 'affine coupling', spec: { kind: 'affine-coupling', config: { ...base, layers: 4 } } },
    { name: 'MAF', spec: { kind: 'maf', config: { ...base, layers: 3 } } },
    { name: 'spline coupling', spec: { kind: 'spline-flow', config: { ...base, layers: 2, bins: 6, bound: 3 } } },
    { name: 'spline coupling + LU linear', spec: { kind: 'spline-flow', config: { ...base, layers: 2, bins: 6, bound: 3, linear: true } } },
    {
      name: 'spline autoregressive',
      spec: { kind: 'spline-flow', config: { ...base, layers: 2, bins: 6, bound: 3, structure: 'autoregressive' } },
    },
    {
      name: 'ensemble (MDN + spline)',
      spec: {
        kind: 'ensemble',
        config: { ...base, members: [{ kind: 'mdn', config: { hidden: [16, 16], components: 3 } }, { kind: 'spline-flow', config: { hidden: [16, 16], layers: 2, bins: 6, bound: 3 } }] },
      },
    },
  ];
}

const CONTEXT = 0.7;

function densityOnGrid(spec: AnyDensitySpec, points: Float32Array, rows: number): Float64Array {
  const est = createDensityEstimator(spec);
  perturbWeights(est, 0.3, 21);
  const lp = tf.tidy(() => {
    const y = tf.tensor2d(points, [rows, est.dim]);
    const c = tf.fill([rows, 1], CONTEXT) as tf.Tensor2D;
    return est.logProb(y, c).dataSync() as Float32Array;
  });
  est.dispose();
  return Float64Array.from(lp, Math.exp);
}

describe.each(specs(1))('1-D $name', ({ spec }) => {
  it('integrates to 1 within 1e-2', () => {
    const n = 8001;
    const h = 40 / (n - 1);
    const xs = Float32Array.from({ length: n }, (_, i) => -20 + i * h);
    const p = densityOnGrid(spec, xs, n);
    let total = 0;
    for (let i = 0; i < n; i++) total += (i === 0 || i === n - 1 ? 0.5 : 1) * p[i]! * h;
    expect(Math.abs(total - 1)).toBeLessThan(1e-2);
  });
});

describe.each(specs(2))('2-D $name', ({ spec }) => {
  it('integrates to 1 within 1e-2', () => {
    const m = 401;
    const h = 40 / m;
    const pts = new Float32Array(2 * m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        pts[2 * (i * m + j)] = -20 + (i + 0.5) * h;
        pts[2 * (i * m + j) + 1] = -20 + (j + 0.5) * h;
      }
    }
    const p = densityOnGrid(spec, pts, m * m);
    const total = p.reduce((a, b) => a + b, 0) * h * h;
    expect(Math.abs(total - 1)).toBeLessThan(1e-2);
  });
});
