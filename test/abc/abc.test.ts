/**
 * Rejection ABC on the conjugate normal model μ ~ N(0, 1), y₁..₅ ~ N(μ, 1) (posterior N(Σy/6, 1/6)).
 *
 * With the sufficient summary ȳ, ABC's only error is ε: accepting |ȳ − ȳ_o| ≤ ε widens the
 * posterior by the spread of ȳ within ε (sd ≈ ε/√3 relative to ȳ's sd 1/√5 ⇒ about +2% at the
 * ε ≈ 0.1 that 400 of 20,000 gives), and 400 accepted draws carry Monte Carlo error 1/√400 = 0.05 sd
 * in the mean and ≈ 3.5% in the sd. Bounds: mean 0.25 sd, sd 15%, interval ends 0.35 sd (≥ 4 MC sds).
 */
import { describe, expect, it } from 'vitest';
import { abc, kdeFit, kdeResample, silvermanFactor } from '../../src/backends/abc/index.js';
import { nre } from '../../src/backends/nre/index.js';
import { infer } from '../../src/backends/infer.js';
import { InferenceError } from '../../src/backends/errors.js';
import { createRng } from '../../src/runtime/rng.js';
import { expectMatches, gauss2, normal1, normal1Data, normal1Exact } from '../nle/conjugate.js';

const TOL = { mean: 0.25, sd: 0.15, interval: 0.35 };
const mean = (x: Float64Array) => [x.reduce((a, b) => a + b, 0) / x.length];

describe('rejection ABC', () => {
  it('with a sufficient summary matches the exact posterior; ε and acceptance are reported', async () => {
    const posts = await infer(normal1, normal1Data.map((y) => ({ y })), abc({ simulations: 20_000, accept: 400, summary: mean, seed: 1 }));
    posts.forEach((post, g) => {
      expectMatches(post, normal1Exact(normal1Data[g]!), TOL);
      expect(post.numDraws).toBe(400);
      expect(post.attrs['accepted']).toBe(400);
      expect(post.attrs['epsilon']).toBeLessThan(0.2);
    });
  });

  it('on standardised raw data (not sufficient: 5 numbers) it is wider, but centred', async () => {
    const [post] = await infer(normal1, [{ y: normal1Data[0] }], abc({ simulations: 20_000, accept: 400, seed: 2 }));
    const exact = normal1Exact(normal1Data[0]!);
    // Distances in 5-D admit data sets whose mean differs a lot: the spread grows, the centre stays.
    expect(Math.abs(post!.mean('mu') - exact.mean[0]!) / exact.sd[0]!).toBeLessThan(0.5);
    expect(post!.sd('mu')).toBeGreaterThan(exact.sd[0]!);
  });

  it('with a learned summary (a trained NRE\'s summary network) it is centred', async () => {
    const est = await nre({ simulations: 2000, epochs: 15, seed: 1, hidden: [64, 64], summary: { kind: 'mlp', outputDim: 2, width: 16 } }).train(normal1);
    const [post] = await infer(normal1, [{ y: normal1Data[0] }], abc({ simulations: 10_000, accept: 200, summary: { encoder: est.encoder }, seed: 5 }));
    const exact = normal1Exact(normal1Data[0]!);
    // Observed: mean off by 0.02 sd, sd 11% wide (ε and a summary that is not exactly sufficient).
    // Bounds: 0.3 sd (≈ 4 MC sd with 200 draws) and an sd ratio within [0.9, 1.4].
    expect(Math.abs(post!.mean('mu') - exact.mean[0]!) / exact.sd[0]!).toBeLessThan(0.3);
    expect(post!.sd('mu') / exact.sd[0]!).toBeGreaterThan(0.9);
    expect(post!.sd('mu') / exact.sd[0]!).toBeLessThan(1.4);
  });

  it('a table serves many data sets: batched = one-by-one; another model is refused', async () => {
    const table = await abc({ simulations: 5000, accept: 100, summary: mean, kde: true, draws: 2000, seed: 3 }).train(normal1);
    const data = normal1Data.map((y) => ({ y }));
    const batch = await infer(normal1, data, table, { seed: 4 });
    for (let g = 0; g < data.length; g++) expect((await infer(normal1, data[g]!, table, { seed: 4 })).draws()).toEqual(batch[g]!.draws());
    expect(batch[0]!.numDraws).toBe(2000);
    await expect(infer(gauss2, { x: [0, 0] }, table)).rejects.toThrow(InferenceError);
  });

  it('the cross-validated KDE bandwidth is near the rule of thumb on Gaussian draws', () => {
    // For Gaussian data Silverman's rule is close to the likelihood-optimal h; CV must land near it.
    const rng = createRng(9);
    const k = 300;
    const u = Float64Array.from({ length: 2 * k }, () => rng.normal());
    const { h } = kdeFit(u, k, 2);
    expect(h / silvermanFactor(k, 2)).toBeGreaterThan(0.5);
    expect(h / silvermanFactor(k, 2)).toBeLessThan(2);
  });

  it('KDE resampling keeps the mean and inflates the covariance by 1 + h²', () => {
    // 2-D accepted points from N(0, diag(1, 4)); Silverman's h for k = 2000, d = 2: (4/(2000·4))^(1/6).
    const rng = createRng(7);
    const k = 2000;
    const u = new Float64Array(2 * k);
    for (let i = 0; i < k; i++) { u[2 * i] = rng.normal(); u[2 * i + 1] = 2 * rng.normal(); }
    const n = 40_000;
    const h = silvermanFactor(k, 2);
    const out = kdeResample(u, k, 2, n, createRng(8), h);
    let m0 = 0, v0 = 0, v1 = 0;
    for (let i = 0; i < n; i++) { m0 += out[2 * i]! / n; v0 += out[2 * i]! ** 2 / n; v1 += out[2 * i + 1]! ** 2 / n; }
    // sd of the mean ≈ 1/√2000 = 0.022 (the k centres dominate); variances within 8% (k = 2000 centres).
    expect(Math.abs(m0)).toBeLessThan(0.09);
    expect(Math.abs(v0 / (1 + h * h) - 1)).toBeLessThan(0.08);
    expect(Math.abs(v1 / (4 * (1 + h * h)) - 1)).toBeLessThan(0.08);
  });
});
