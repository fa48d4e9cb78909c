/**
 * NPE with a learned summary network: i.i.d. replicates (a 10 × 2 matrix) get the engine's DeepSets
 * by default, trained jointly with the flow. μ ~ N(0, 1), y_ij ~ N(μ, 1) (20 values) ⇒
 * μ | y ~ N(Σy/21, 1/21). Same tolerances and reasoning as npe.test.ts (KL-based amortisation
 * allowance): mean within 0.2σ, sd within 20%, on five prior-predictive data sets.
 */
import { describe, expect, it } from 'vitest';
import { model } from '../../src/lang/dsl.js';
import { infer } from '../../src/backends/infer.js';
import { createRng } from '../../src/runtime/rng.js';
import { npe } from '../../src/backends/npe/index.js';

const replicates = model`
  param mu ~ normal(0, 1)
  data y: matrix[10, 2] ~ normal(mu, 1)
`;

describe('npe with a DeepSets summary of replicates', () => {
  it('chooses DeepSets from the data shape and matches the exact posterior', async () => {
    const m = replicates.compile({});
    const est = await npe({ simulations: 4000, density: { kind: 'maf', hidden: [32, 32], layers: 2 }, epochs: 40, batchSize: 256, learningRate: 2e-3 })
      .train(replicates, { seed: 1 });
    expect(est.encoder.toJSON().network?.kind).toBe('deepsets');
    const s = m.simulate(5, createRng(3));
    const data = Array.from({ length: 5 }, (_, i) => m.unflattenData(s.x.slice(i * 20, (i + 1) * 20)));
    const posts = await infer(replicates, data, est);
    const sd = Math.sqrt(1 / 21);
    posts.forEach((post, i) => {
      const exact = s.x.slice(i * 20, (i + 1) * 20).reduce((a, b) => a + b, 0) / 21;
      expect(Math.abs(post.mean('mu') - exact) / sd).toBeLessThan(0.2);
      expect(Math.abs(post.sd('mu') / sd - 1)).toBeLessThan(0.2);
    });
  }, 120_000);
});
