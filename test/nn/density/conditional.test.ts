/**
 * Conditional recovery: y | c ~ N(1.5 c, 0.5²), c ~ U(−2, 2). After short online training (a few
 * hundred Adam steps: 800, 500 for the slower spline flow), 4000 draws from q(· | c) at c ∈ {−1.5, 0, 1} have mean within 0.06 of 1.5c
 * and sd within 0.06 of 0.5 (MC standard errors: 0.008 for the mean, 0.006 for the sd; the rest is
 * fit error), and log q on held-out pairs is within 0.05 nats of log p on average (KL estimate).
 * D = 1, so the flows run their degenerate, context-only coupling / MADE paths.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LINEAR, fit, linearSample, logProbArray, setupBackend, tf } from './helpers.js';
import { createDensityEstimator, type AnyDensitySpec } from '../../../src/nn/density/index.js';

beforeAll(async () => {
  await setupBackend();
});

const base = { dim: 1, contextDim: 1, hidden: [32, 32], seed: 2 };
const cases: { name: string; spec: AnyDensitySpec; steps: number }[] = [
  { name: 'diagonal Gaussian', spec: { kind: 'diag-gaussian', config: base }, steps: 800 },
  { name: 'full Gaussian', spec: { kind: 'full-gaussian', config: base }, steps: 800 },
  { name: 'MDN (K = 3)', spec: { kind: 'mdn', config: { ...base, components: 3, covariance: 'full' } }, steps: 800 },
  { name: 'affine coupling', spec: { kind: 'affine-coupling', config: { ...base, layers: 2 } }, steps: 800 },
  { name: 'MAF', spec: { kind: 'maf', config: { ...base, layers: 2 } }, steps: 800 },
  { name: 'spline flow', spec: { kind: 'spline-flow', config: { ...base, layers: 2, bins: 8 } }, steps: 500 },
];

const HELD_OUT = linearSample(4000, 4242);

describe.each(cases)('$name recovers N(a c, s²)', ({ spec, steps }) => {
  it('conditional mean and sd within 0.06, KL estimate < 0.05', () => {
    const est = createDensityEstimator(spec);
    fit(est, linearSample, { steps, batch: 256, lr: 5e-3, seed: 8 });
    const contexts = [-1.5, 0, 1];
    const draws = tf.tidy(() => est.sample(4000, tf.tensor2d(contexts, [3, 1]), 31).dataSync() as Float32Array);
    const report: string[] = [];
    contexts.forEach((cv, k) => {
      const xs = draws.subarray(k * 4000, (k + 1) * 4000);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      report.push(`c=${cv}: mean ${mean.toFixed(3)} (${(LINEAR.a * cv).toFixed(2)}), sd ${sd.toFixed(3)}`);
      expect(Math.abs(mean - LINEAR.a * cv)).toBeLessThan(0.06);
      expect(Math.abs(sd - LINEAR.s)).toBeLessThan(0.06);
    });
    const lq = logProbArray(est, HELD_OUT);
    let kl = 0;
    for (let i = 0; i < HELD_OUT.rows; i++) {
      const r = (HELD_OUT.y[i]! - LINEAR.a * HELD_OUT.context![i]!) / LINEAR.s;
      kl += -0.5 * r * r - Math.log(LINEAR.s) - 0.5 * Math.log(2 * Math.PI) - lq[i]!;
    }
    kl /= HELD_OUT.rows;
    console.info(`${spec.kind}: ${report.join('; ')}; KL ≈ ${kl.toFixed(4)}`);
    expect(kl).toBeLessThan(0.05);
    expect(kl).toBeGreaterThan(-0.02);
    est.dispose();
  });
});

/**
 * The full-covariance Gaussian recovers a correlation the diagonal one cannot represent:
 * y | c ~ N((c, −c), Σ), Σ = [[1, 0.4], [0.4, 0.25]] (ρ = 0.8). 800 steps; at c = 0.5 the sample
 * correlation of 4000 draws is within 0.05 of 0.8 (MC sd ≈ 0.006) and the sds within 0.06.
 */
describe('full Gaussian', () => {
  it('recovers a correlated conditional covariance (ρ = 0.8)', async () => {
    const { standardNormalArray, mulberry32 } = await import('../../../src/nn/density/random.js');
    const draw = (rows: number, seed: number) => {
      const e = standardNormalArray(2 * rows, seed);
      const u = mulberry32(seed + 1);
      const y = new Float32Array(2 * rows);
      const context = new Float32Array(rows);
      for (let i = 0; i < rows; i++) {
        const c = 4 * u() - 2;
        context[i] = c;
        // Cholesky of Σ: L = [[1, 0], [0.4, 0.3]].
        y[2 * i] = c + e[2 * i]!;
        y[2 * i + 1] = -c + 0.4 * e[2 * i]! + 0.3 * e[2 * i + 1]!;
      }
      return { y, context, rows };
    };
    const est = createDensityEstimator({ kind: 'full-gaussian', config: { dim: 2, contextDim: 1, hidden: [32, 32], seed: 3 } });
    fit(est, draw, { steps: 800, batch: 256, lr: 5e-3, seed: 5 });
    const s = tf.tidy(() => est.sample(4000, tf.tensor2d([[0.5]]), 17).dataSync() as Float32Array);
    est.dispose();
    const n = 4000;
    let m0 = 0, m1 = 0;
    for (let i = 0; i < n; i++) { m0 += s[2 * i]!; m1 += s[2 * i + 1]!; }
    m0 /= n; m1 /= n;
    let v0 = 0, v1 = 0, c01 = 0;
    for (let i = 0; i < n; i++) {
      const a = s[2 * i]! - m0, b = s[2 * i + 1]! - m1;
      v0 += a * a; v1 += b * b; c01 += a * b;
    }
    const rho = c01 / Math.sqrt(v0 * v1);
    console.info(`full-gaussian: mean (${m0.toFixed(3)}, ${m1.toFixed(3)}), sd (${Math.sqrt(v0 / n).toFixed(3)}, ${Math.sqrt(v1 / n).toFixed(3)}), ρ ${rho.toFixed(3)}`);
    expect(Math.abs(m0 - 0.5)).toBeLessThan(0.08);
    expect(Math.abs(m1 + 0.5)).toBeLessThan(0.06);
    expect(Math.abs(Math.sqrt(v0 / n) - 1)).toBeLessThan(0.06);
    expect(Math.abs(Math.sqrt(v1 / n) - 0.5)).toBeLessThan(0.06);
    expect(Math.abs(rho - 0.8)).toBeLessThan(0.05);
  });
});
