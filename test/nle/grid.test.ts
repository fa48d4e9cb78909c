/**
 * NLE with the grid read-out (shared with NRE: src/backends/readout/readout.ts) and a
 * full-covariance Gaussian q(x | θ) — the likelihood's own family here, evaluated by the fast
 * path (src/nn/density/whitened-gaussian.ts).
 *
 * normal1: μ ~ N(0, 1), y₁..₅ | μ ~ N(μ, 1)  ⇒  μ | y ~ N(Σy / 6, 1/6). Budget: 3,000 simulations,
 * 30 epochs, hidden [16, 16] (≈ 5 s). The grid's draws are exact for the learned density, so the
 * error is q's alone: over training seeds 1–3 (both data sets, and the i.i.d. case) the worst was
 * 0.09 posterior sd in the mean, 7.5% in the sd and 0.22 sd at the 90% interval's ends (Monte Carlo
 * error of 10,000 exact draws: 0.01 sd). The bounds (0.2 sd, 15%, 0.45 sd) are ≈ 2× those: a
 * read-out bug (prior left out, wrong sign, a misplaced data set) fails them by far.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nle, type Nle } from '../../src/backends/nle/index.js';
import { infer } from '../../src/backends/infer.js';
import { model } from '../../src/lang/dsl.js';
import { expectMatches, normal1, normal1Data, normal1Exact } from './conjugate.js';

const TOL = { mean: 0.2, sd: 0.15, interval: 0.45 };
let est: Nle;

beforeAll(async () => {
  est = await nle({ simulations: 3000, seed: 1, epochs: 30, density: { kind: 'full-gaussian', hidden: [16, 16] }, ood: false }).train(normal1);
});

describe('nle with the grid read-out (1 parameter, full-covariance Gaussian q)', () => {
  it("'auto' reads out on a 750-cell grid; mean, sd and 90% interval match the exact posterior", async () => {
    expect(est.config.posterior).toBe('auto');
    expect(est.estimator.fast).not.toBeNull();
    const posts = await infer(normal1, normal1Data.map((y) => ({ y })), est, { seed: 3 });
    posts.forEach((post, g) => {
      expectMatches(post, normal1Exact(normal1Data[g]!), TOL);
      expect(post.method).toBe('nle');
      expect(post.attrs['readout']).toBe('grid');
      expect(post.attrs['gridCells']).toBe(750);
      expect(post.numDraws * post.numChains).toBe(10_000);
    });
  });

  it('grid and MCMC read-outs of the same q agree; batched = one-by-one on the grid', async () => {
    const data = normal1Data.map((y) => ({ y }));
    const [grid] = await infer(normal1, [data[0]!], est, { seed: 5 });
    const [mcmc] = await infer(normal1, [data[0]!], est.withReadout({ posterior: 'mcmc' }), { seed: 5 });
    expect(mcmc!.attrs['readout']).toBe('mcmc');
    const sd = Math.sqrt(1 / 6);
    expect(Math.abs(grid!.mean('mu') - mcmc!.mean('mu')) / sd).toBeLessThan(0.1);
    expect(Math.abs(grid!.sd('mu') / mcmc!.sd('mu') - 1)).toBeLessThan(0.06);
    const small = est.withReadout({ draws: 1000 });
    const batch = await infer(normal1, data, small, { seed: 9 });
    for (let g = 0; g < data.length; g++) expect((await infer(normal1, data[g]!, small, { seed: 9 })).draws()).toEqual(batch[g]!.draws());
  });

  it('i.i.d. rows: the fast path sums one-row log-likelihoods', async () => {
    const iid = model`
    param mu ~ normal(0, 1)
    data y: vector[10] ~ normal(mu, 1)
    `;
    const y = [0.3, 1.1, -0.4, 0.9, 1.6, 0.2, 0.8, -0.1, 1.3, 0.5];
    const e = await nle({ simulations: 1000, seed: 1, epochs: 15, iid: true, density: { kind: 'full-gaussian', hidden: [16, 16] }, ood: false }).train(iid);
    expect(e.config.rows).toBe(10);
    const post = await infer(iid, { y }, e, { seed: 1 });
    expect(post.attrs['readout']).toBe('grid');
    expectMatches(post, { mean: [y.reduce((a, b) => a + b, 0) / 11], sd: [Math.sqrt(1 / 11)] }, TOL);
  });
});
