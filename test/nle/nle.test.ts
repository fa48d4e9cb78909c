/**
 * NLE end to end on a conjugate 2-D Gaussian model: posterior moments and 90% intervals against the
 * exact posterior, the learned likelihood against the true one, batched = one-by-one, save/load.
 *
 * Budget: 3,000 simulations, 30 epochs, a 2-layer MAF (≈ 6 s). Tolerances: the flow fits a
 * Gaussian likelihood closely; worst errors over two training seeds were 0.095 posterior sd in the
 * mean, 7% in the sd and 0.18 sd at the 90% interval's ends (Monte Carlo error, ESS ≈ 3,000, is
 * 0.02 sd of that). The bounds are about 2× those: a sampler or objective bug (wrong sign, missing
 * prior, unstandardised x) fails them by far.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nle, type Nle } from '../../src/backends/nle/index.js';
import { infer } from '../../src/backends/infer.js';
import { InferenceError } from '../../src/backends/errors.js';
import { model } from '../../src/lang/dsl.js';
import { expectMatches, gauss2, gauss2Data, gauss2Exact, normal1 } from './conjugate.js';

let est: Nle;
let dir: string;

beforeAll(async () => {
  est = await nle({ simulations: 3000, seed: 1, epochs: 30, density: { kind: 'maf', hidden: [32, 32], layers: 2 } }).train(gauss2);
  dir = await mkdtemp(join(tmpdir(), 'amortize-nle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nle on a conjugate Gaussian', () => {
  it('posterior mean, sd and 90% interval match the exact posterior for each of 3 data sets', async () => {
    const posts = await infer(gauss2, gauss2Data.map((x) => ({ x })), est, { seed: 3 });
    posts.forEach((post, g) => {
      expectMatches(post, gauss2Exact(gauss2Data[g]!), { mean: 0.25, sd: 0.12, interval: 0.35 });
      expect(post.numDraws * post.numChains).toBe(10_000);
      expect(post.method).toBe('nle');
      expect(post.warnings).toEqual([]);
    });
  });

  it('the learned likelihood is the true one where the prior has mass (within 0.35 nats; ≤ 0.17 observed)', () => {
    // θ ∈ {0, 0.5, 1} × {−1, −0.5, 0}, x within 1 noise sd per coordinate: log N(x; θ, 0.25 I).
    const u: number[] = [];
    for (const a of [0, 0.5, 1]) for (const b of [-1, -0.5, 0]) u.push(a, b);
    const x = Float64Array.of(0.5, -0.5);
    const lq = est.logLikelihood(Float64Array.from(u), x);
    for (let i = 0; i < 9; i++) {
      const exact = -Math.log(2 * Math.PI * 0.25) - ((x[0]! - u[2 * i]!) ** 2 + (x[1]! - u[2 * i + 1]!) ** 2) / (2 * 0.25);
      expect(Math.abs(lq[i]! - exact), `θ = (${u[2 * i]}, ${u[2 * i + 1]}): ${lq[i]} vs ${exact}`).toBeLessThan(0.35);
    }
  });

  it('batched inference equals one-by-one inference, draw for draw', async () => {
    const data = gauss2Data.map((x) => ({ x }));
    const small = est.withSampler({ draws: 2000, chains: 200 });
    const batch = await infer(gauss2, data, small, { seed: 9 });
    for (let g = 0; g < data.length; g++) {
      const alone = await infer(gauss2, data[g]!, small, { seed: 9 });
      expect(alone.draws()).toEqual(batch[g]!.draws());
    }
  });

  it('save/load round trip gives identical posteriors; another model is refused', async () => {
    const small = est.withSampler({ draws: 2000, chains: 200 });
    await small.save(dir);
    const loaded = await nle().load(dir);
    const a = await infer(gauss2, { x: gauss2Data[0] }, small, { seed: 4 });
    const b = await infer(gauss2, { x: gauss2Data[0] }, loaded, { seed: 4 });
    expect(b.draws()).toEqual(a.draws());
    expect(loaded.config.sampler).toEqual({ draws: 2000, chains: 200 });
    await expect(infer(normal1, { y: [0, 0, 0, 0, 0] }, loaded)).rejects.toThrow(InferenceError);
    await expect(nle().load(dir, { model: normal1.compile({}) })).rejects.toThrow(InferenceError);
  });

  it('reports the posterior density up to a constant, −∞ nowhere inside the support', async () => {
    const post = await infer(gauss2, { x: gauss2Data[0] }, est.withSampler({ draws: 1000, chains: 100 }), { seed: 2 });
    const m = gauss2Exact(gauss2Data[0]!).mean;
    const at = (a: number, b: number) => post.logDensity(Float64Array.of(a, b));
    // Exact: log density falls by ½·(1/0.2)·1² = 2.5 one unit away from the mean.
    expect(at(m[0]! + 1, m[1]!) - at(m[0]!, m[1]!)).toBeCloseTo(-2.5, 0);
    expect(post.attrs['logDensity']).toBe('unnormalised');
  });
});

describe('nle with i.i.d. replicates', () => {
  // μ ~ N(0, 1), y₁..₁₀ ~ N(μ, 1) i.i.d.  ⇒  μ | y ~ N(Σy / 11, 1/11). The flow models one row.
  const iid = model`
  param mu ~ normal(0, 1)
  data y: vector[10] ~ normal(mu, 1)
  `;
  const y = [0.3, 1.1, -0.4, 0.9, 1.6, 0.2, 0.8, -0.1, 1.3, 0.5];

  it('sums one-row log-likelihoods: the posterior matches the exact one', async () => {
    const est = await nle({ simulations: 1000, seed: 1, epochs: 15, iid: true, density: { kind: 'maf', hidden: [16, 16], layers: 1 } }).train(iid);
    expect(est.config.rows).toBe(10);
    expect(est.estimator.rowDim).toBe(1);
    const post = await infer(iid, { y }, est.withSampler({ draws: 4000, chains: 200 }), { seed: 1 });
    const exact = { mean: [y.reduce((a, b) => a + b, 0) / 11], sd: [Math.sqrt(1 / 11)] };
    // 10,000 row examples of a 1-D Gaussian: as accurate as the whole-x case; same tolerances.
    expectMatches(post, exact, { mean: 0.25, sd: 0.12, interval: 0.35 });
  });

  it('refuses iid for a model whose data are not one [R, d] or [R] node', async () => {
    await expect(nle({ simulations: 100, iid: true }).train(twoNodes)).rejects.toThrow(/one data node of shape \[R, d\]/);
  });
});

const twoNodes = model`
param mu ~ normal(0, 1)
data a ~ normal(mu, 1)
data b ~ normal(mu, 1)
`;
