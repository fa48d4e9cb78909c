import { describe, expect, it } from 'vitest';
import { compare } from '../../src/backends/compare.js';
import { nuts, rwm } from '../../src/backends/mcmc/index.js';
import { model } from '../../src/lang/dsl.js';

const coin = model`
  input n: int
  param p ~ beta(1, 1)
  data heads: int ~ binomial(n, p)
`;

const simulatorOnly = model`
  param mu ~ normal(0, 1)
  latent eps ~ normal(0, 1)
  data x = mu + eps
`;

describe('compare', () => {
  it('puts backends side by side and both agree with the exact Beta(8, 4) posterior', async () => {
    const result = await compare(coin, { n: 10, heads: 7 }, [
      nuts({ chains: 2, warmup: 300, draws: 1000, seed: 1, workers: false }),
      rwm({ chains: 2, warmup: 1000, draws: 2000, seed: 2, workers: false }),
    ]);
    expect(result.outcomes.map((o) => o.backend)).toEqual(['nuts', 'rwm']);
    const exactMean = 8 / 12;
    const exactSd = Math.sqrt((8 * 4) / (12 * 12 * 13));
    for (const row of result.rows) {
      expect(row.name).toBe('p');
      // Bulk ESS is several hundred for both samplers here, so 5 sd/√200 bounds the Monte Carlo error.
      expect(Math.abs(row.mean! - exactMean)).toBeLessThan((5 * exactSd) / Math.sqrt(200));
    }
    const table = result.table();
    expect(table).toMatch(/param\s+backend\s+mean/);
    expect(table.split('\n').filter((l) => l.startsWith('p '))).toHaveLength(2);
  });

  it('reports a backend that cannot handle the model instead of aborting', async () => {
    const result = await compare(simulatorOnly, { x: 0.3 }, [nuts({ chains: 1, warmup: 50, draws: 50, seed: 1 })]);
    expect(result.rows).toHaveLength(0);
    expect(result.outcomes[0]!.error).toMatch(/likelihood/);
    expect(result.table()).toMatch(/^nuts: .*likelihood/m);
  });
});
