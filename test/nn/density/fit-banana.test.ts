/**
 * Each flow and the MDN fit a known 2-D density: the banana y1 ~ N(0, 1), y2 | y1 ~ N(½(y1² − 1), ¼).
 *
 * Criterion: on 4000 held-out draws, the average log q is within 0.15 nats of the true density's
 * negative entropy −H (the best any q can do: E_p log q = −H − KL(p‖q)). H is known in closed form
 * and checked by Monte Carlo below. The 0.15 budget: MC error of the held-out average, sd(log q)/√4000
 * ≈ 0.016, plus the KL a small network reaches in ≤ 1500 steps. Also, on the same draws,
 * mean(log p − log q) — a KL estimate whose MC error is far smaller — must be below 0.08 (seen:
 * 0.000–0.033 across the estimators).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BANANA,
  bananaLogDensity,
  bananaSample,
  fit,
  logProbArray,
  setupBackend,
} from './helpers.js';
import { createDensityEstimator, type AnyDensitySpec } from '../../../src/nn/density/index.js';

const HELD_OUT = bananaSample(4000, 999);
const trueLogP = Array.from({ length: HELD_OUT.rows }, (_, i) =>
  bananaLogDensity(HELD_OUT.y[2 * i]!, HELD_OUT.y[2 * i + 1]!),
);
const meanTrueLogP = trueLogP.reduce((a, b) => a + b, 0) / trueLogP.length;

beforeAll(async () => {
  await setupBackend();
});

describe('banana target', () => {
  it('has the stated entropy (Monte Carlo, 40 000 draws, within 4 standard errors)', () => {
    const draws = bananaSample(40_000, 12345);
    const vals = Array.from({ length: draws.rows }, (_, i) => -bananaLogDensity(draws.y[2 * i]!, draws.y[2 * i + 1]!));
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
    const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length);
    expect(Math.abs(mean - BANANA.entropy)).toBeLessThan((4 * sd) / Math.sqrt(vals.length));
  });
});

const cases: { name: string; spec: AnyDensitySpec; steps: number; lr: number }[] = [
  {
    name: 'mdn (K = 5, full covariances)',
    spec: { kind: 'mdn', config: { dim: 2, contextDim: 0, hidden: [32], seed: 1, components: 5, covariance: 'full' } },
    steps: 1500,
    lr: 1e-2,
  },
  {
    name: 'affine coupling (RealNVP, 4 layers)',
    spec: { kind: 'affine-coupling', config: { dim: 2, contextDim: 0, hidden: [32, 32], seed: 1, layers: 4 } },
    steps: 1000,
    lr: 3e-3,
  },
  {
    name: 'MAF (3 layers)',
    spec: { kind: 'maf', config: { dim: 2, contextDim: 0, hidden: [32, 32], seed: 1, layers: 3 } },
    steps: 1000,
    lr: 3e-3,
  },
  {
    name: 'spline flow, coupling (2 layers, 8 bins)',
    spec: { kind: 'spline-flow', config: { dim: 2, contextDim: 0, hidden: [32, 32], seed: 1, layers: 2, bins: 8 } },
    steps: 600,
    lr: 3e-3,
  },
  {
    name: 'spline flow, autoregressive (2 layers, 8 bins)',
    spec: {
      kind: 'spline-flow',
      config: { dim: 2, contextDim: 0, hidden: [32, 32], seed: 1, layers: 2, bins: 8, structure: 'autoregressive' },
    },
    steps: 600,
    lr: 3e-3,
  },
];

describe.each(cases)('$name fits the banana', ({ spec, steps, lr }) => {
  it('held-out log-likelihood within 0.15 nats of −H, KL estimate < 0.08', () => {
    const est = createDensityEstimator(spec);
    fit(est, bananaSample, { steps, batch: 256, lr, seed: 3 });
    const lq = logProbArray(est, HELD_OUT);
    est.dispose();
    const meanLogQ = lq.reduce((a, b) => a + b, 0) / lq.length;
    const kl = meanTrueLogP - meanLogQ;
    console.info(`${spec.kind}: held-out mean log q = ${meanLogQ.toFixed(4)}, −H = ${(-BANANA.entropy).toFixed(4)}, KL ≈ ${kl.toFixed(4)}`);
    expect(Number.isFinite(meanLogQ)).toBe(true);
    expect(Math.abs(meanLogQ + BANANA.entropy)).toBeLessThan(0.15);
    expect(kl).toBeLessThan(0.08);
    // A KL estimate well below −MC error would mean log q is not normalised.
    expect(kl).toBeGreaterThan(-0.02);
  });
});
