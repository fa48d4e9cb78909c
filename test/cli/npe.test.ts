/**
 * The real NPE backend through the CLI (tiny budgets: this tests the wiring, not accuracy):
 * simulator-only models run, train → save → infer on many data sets works, and an estimator
 * trained on another model is refused.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const TINY = ['--simulations', '500', '--epochs', '3', '--seed', '1', '--quiet'];

describe('npe through the CLI', () => {
  it('runs on the simulator-only two-moons model that NUTS refuses', async () => {
    const r = await cli(['run', 'examples/two-moons.ts', '--backend', 'npe', ...TINY]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^npe: 1 chain × \d+ draws/);
    for (const name of ['theta[1]', 'theta[2]']) {
      const row = r.out.split('\n').find((l) => l.startsWith(name))!.trim().split(/\s+/).map(Number);
      expect(row[3]).toBeGreaterThanOrEqual(-1); // q5 inside the prior's support
      expect(row[5]).toBeLessThanOrEqual(1); // q95
    }
  });

  it('train → save (with training curves) → infer on many data sets → refuse another model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amortize-npe-'));
    const est = join(dir, 'coin.npe');
    const trained = await cli(['train', 'examples/coin.ts', '--backend', 'npe', '--out', est, '--plot', ...TINY]);
    expect(trained.code, trained.err).toBe(0);
    expect(await readdir(est)).toEqual(expect.arrayContaining(['amortize-cli.json', 'training.svg']));
    const inferred = await cli(['infer', 'examples/coin.ts', '--estimator', est, '--data', 'test/cli/fixtures/coin-many.csv', '--json']);
    expect(inferred.code, inferred.err).toBe(0);
    const doc = JSON.parse(inferred.out);
    expect(doc.dataSets).toBe(3);
    // 2, 7 and 10 heads: the posterior means must come out in that order even after 3 epochs.
    const means = doc.results.map((r: { summary: { mean: number }[] }) => r.summary[0]!.mean);
    expect(means[0]).toBeLessThan(means[1]);
    expect(means[1]).toBeLessThan(means[2]);
    const wrong = await cli(['infer', 'examples/eight-schools.ts', '--estimator', est, '--quiet']);
    expect(wrong.code).toBe(4);
    expect(wrong.err).toContain('trained on a different model');
  });
});
