/**
 * NRE end to end on conjugate models: NRE-A with the MCMC read-out (2-D Gaussian), NRE-A with the
 * grid read-out (one parameter), NRE-B (contrastive); batched = one-by-one; save/load.
 *
 * Budgets: 3,000 simulations, 30 epochs, a [64, 64] classifier (NRE-B: 2,000 and 20 epochs, it
 * evaluates K = 5 pairings per example). A classifier learns the ratio less sharply than a flow learns a Gaussian
 * likelihood. Worst errors over two training seeds (in exact posterior sd; sd as a ratio):
 *   NRE-A mean 0.18, sd 7%, interval ends 0.33;  NRE-B mean 0.30, sd 14%, interval ends 0.41.
 * The bounds are 1.5–2× those. A wrong sign, a missing prior or unshuffled pairs give errors of
 * several sd.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nre, type Nre } from '../../src/backends/nre/index.js';
import { infer } from '../../src/backends/infer.js';
import { InferenceError } from '../../src/backends/errors.js';
import { expectMatches, gauss2, gauss2Data, gauss2Exact, normal1, normal1Data, normal1Exact } from '../nle/conjugate.js';

const TOL = { mean: 0.4, sd: 0.15, interval: 0.5 };
const TOL_B = { mean: 0.5, sd: 0.25, interval: 0.65 };
let est2: Nre;
let est1: Nre;
let dir: string;

beforeAll(async () => {
  est2 = await nre({ simulations: 3000, seed: 1, epochs: 30, hidden: [64, 64] }).train(gauss2);
  est1 = await nre({ simulations: 3000, seed: 1, epochs: 30, hidden: [64, 64] }).train(normal1);
  dir = await mkdtemp(join(tmpdir(), 'amortize-nre-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nre-A with the MCMC read-out (2 parameters)', () => {
  it('posterior mean, sd and 90% interval match the exact posterior for each of 3 data sets', async () => {
    const posts = await infer(gauss2, gauss2Data.map((x) => ({ x })), est2, { seed: 3 });
    posts.forEach((post, g) => {
      expectMatches(post, gauss2Exact(gauss2Data[g]!), TOL);
      expect(post.attrs['readout']).toBe('mcmc');
      expect(post.warnings).toEqual([]);
    });
  });

  it('batched inference equals one-by-one inference; save/load gives identical draws', async () => {
    const small = est2.withReadout({ draws: 2000, sampler: { chains: 200 } });
    const data = gauss2Data.map((x) => ({ x }));
    const batch = await infer(gauss2, data, small, { seed: 9 });
    for (let g = 0; g < data.length; g++) expect((await infer(gauss2, data[g]!, small, { seed: 9 })).draws()).toEqual(batch[g]!.draws());
    await small.save(join(dir, 'a'));
    const loaded = await nre().load(join(dir, 'a'));
    expect((await infer(gauss2, data[0]!, loaded, { seed: 9 })).draws()).toEqual(batch[0]!.draws());
    await expect(infer(normal1, { y: normal1Data[0] }, loaded)).rejects.toThrow(InferenceError);
  });
});

describe('nre-A with the 2-D grid read-out', () => {
  it('matches the exact posterior and agrees with the MCMC read-out of the same classifier', async () => {
    const grid = est2.withReadout({ posterior: 'grid' });
    const posts = await infer(gauss2, gauss2Data.map((x) => ({ x })), grid, { seed: 3 });
    posts.forEach((post, g) => {
      expectMatches(post, gauss2Exact(gauss2Data[g]!), TOL);
      expect(post.attrs['gridCells']).toEqual([200, 200]);
    });
    const [mcmc] = await infer(gauss2, [{ x: gauss2Data[0] }], est2, { seed: 3 });
    // The same target read out two ways: means agree to MC error (ESS ≥ 2,000 ⇒ ≈ 0.03 sd).
    const sd = Math.sqrt(0.2);
    for (let j = 0; j < 2; j++) expect(Math.abs(posts[0]!.mean()[j]! - mcmc!.mean()[j]!) / sd).toBeLessThan(0.1);
  });
});

describe('nre-A with the grid read-out (1 parameter)', () => {
  it('posterior mean, sd and 90% interval match the exact posterior for each of 2 data sets', async () => {
    const posts = await infer(normal1, normal1Data.map((y) => ({ y })), est1, { seed: 3 });
    posts.forEach((post, g) => {
      expectMatches(post, normal1Exact(normal1Data[g]!), TOL);
      expect(post.attrs['readout']).toBe('grid');
      expect(post.attrs['gridCells']).toBe(750);
      // The grid's density is normalised: it integrates to 1 over the zoomed range.
      const [a, b] = post.attrs['gridRange'] as [number, number];
      let mass = 0;
      const n = 2000;
      for (let i = 0; i < n; i++) mass += Math.exp(post.logDensity(Float64Array.of(a + ((i + 0.5) * (b - a)) / n))) * (b - a) / n;
      expect(mass).toBeCloseTo(1, 2);
    });
  });

  it('grid and MCMC read-outs of the same classifier agree', async () => {
    const [grid] = await infer(normal1, [{ y: normal1Data[0] }], est1, { seed: 5 });
    const [mcmc] = await infer(normal1, [{ y: normal1Data[0] }], est1.withReadout({ posterior: 'mcmc' }), { seed: 5 });
    expect(mcmc!.attrs['readout']).toBe('mcmc');
    // Same target density; ESS ≥ 2,000 per read-out makes their means agree to ≈ 0.03 sd.
    const sd = Math.sqrt(1 / 6);
    expect(Math.abs(grid!.mean('mu') - mcmc!.mean('mu')) / sd).toBeLessThan(0.1);
    expect(Math.abs(grid!.sd('mu') / mcmc!.sd('mu') - 1)).toBeLessThan(0.05);
  });

  it('batched = one-by-one and save/load identical on the grid', async () => {
    const data = normal1Data.map((y) => ({ y }));
    const batch = await infer(normal1, data, est1, { seed: 2 });
    expect((await infer(normal1, data[1]!, est1, { seed: 2 })).draws()).toEqual(batch[1]!.draws());
    await est1.save(join(dir, 'grid'));
    const loaded = await nre().load(join(dir, 'grid'));
    expect((await infer(normal1, data[1]!, loaded, { seed: 2 })).draws()).toEqual(batch[1]!.draws());
  });
});

describe('nre-B (contrastive)', () => {
  it('posterior mean, sd and 90% interval match the exact posterior', async () => {
    const est = await nre({ simulations: 2000, seed: 2, epochs: 20, variant: 'B', classes: 5, hidden: [64, 64] }).train(gauss2);
    const posts = await infer(gauss2, gauss2Data.slice(0, 2).map((x) => ({ x })), est, { seed: 3 });
    posts.forEach((post, g) => expectMatches(post, gauss2Exact(gauss2Data[g]!), TOL_B));
    expect(est.config.variant).toBe('B');
  });
});

describe('nre-A as an ensemble of classifiers', () => {
  it('matches the exact posterior; batched = one-by-one; save/load keeps every member', async () => {
    const est = await nre({ simulations: 3000, seed: 1, epochs: 30, hidden: [64, 64], ensemble: 3 }).train(gauss2);
    expect(est.classifier.mlps).toHaveLength(3);
    const small = est.withReadout({ draws: 4000, sampler: { chains: 400 } });
    const data = gauss2Data.map((x) => ({ x }));
    const posts = await infer(gauss2, data, small, { seed: 4 });
    posts.forEach((post, g) => {
      expectMatches(post, gauss2Exact(gauss2Data[g]!), TOL);
      expect(post.attrs['ensemble']).toBe(3);
    });
    expect((await infer(gauss2, data[2]!, small, { seed: 4 })).draws()).toEqual(posts[2]!.draws());
    const u = Float64Array.of(0.1, -0.3, 1, 0.5);
    const x = Float64Array.from(gauss2Data[0]!);
    const logits = est.logRatio(u, x);
    await small.save(join(dir, 'ensemble'));
    const loaded = await nre().load(join(dir, 'ensemble'));
    expect(loaded.classifier.mlps).toHaveLength(3);
    expect(loaded.logRatio(u, x)).toEqual(logits);
    expect((await infer(gauss2, data[2]!, loaded, { seed: 4 })).draws()).toEqual(posts[2]!.draws());
  });
});

describe('nre options', () => {
  it('a bad ensemble size or class count is refused before any simulation', async () => {
    // A billion simulations would run for hours: the refusal must come first.
    await expect(nre({ ensemble: 0 }).train(gauss2, { simulations: 1e9 })).rejects.toThrow(/ensemble must be a whole number ≥ 1, got 0/);
    await expect(nre({ variant: 'B', classes: 1 }).train(gauss2, { simulations: 1e9 })).rejects.toThrow(/classes must be an integer ≥ 2/);
  });
});

describe('an untrained nre given to infer', () => {
  it('trains first, says so, and reuses the trained estimator on the next call', async () => {
    const backend = nre({ simulations: 500, epochs: 3, hidden: [32, 32] });
    const events: string[] = [];
    const post = await infer(normal1, { y: normal1Data[0] }, backend, { seed: 1, onProgress: (e) => { if (e.message) events.push(e.message); } });
    expect(post.warnings.some((w) => w.includes('training it first'))).toBe(true);
    expect(events.some((m) => m.includes('training it first'))).toBe(true);
    const again = await infer(normal1, { y: normal1Data[1] }, backend, { seed: 1 });
    expect(again.warnings.some((w) => w.includes('training it first'))).toBe(false);
  });
});
