/**
 * train → save → infer on many data sets, through the registry, with a stand-in amortized backend
 * (fixtures/fake-amortized.ts) until the real ones are registered.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY, amortized } from '../../src/cli/backends.js';
import { fakeModule } from './fixtures/fake-amortized.js';
import { cli } from './helpers.js';

const registry = { ...REGISTRY, fake: amortized(async () => fakeModule) };

describe('amortized backends through the CLI', () => {
  it('train saves the estimator with a manifest; infer loads it and runs on every data set in a CSV', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amortize-est-'));
    const est = join(dir, 'est');
    const trained = await cli(['train', 'examples/coin.ts', '--backend', 'fake', '--simulations', '300', '--out', est, '--seed', '3', '--plot'], { registry });
    expect(trained.code, trained.err).toBe(0);
    expect(trained.out).toMatch(/trained fake on examples\/coin.ts in .* s; saved to /);
    expect((await readdir(est)).sort()).toEqual(['amortize-cli.json', 'fake.json', 'training.svg']);
    expect(await readFile(join(est, 'training.svg'), 'utf8')).toContain('fake: training curves');
    expect(JSON.parse(await readFile(join(est, 'amortize-cli.json'), 'utf8'))).toMatchObject({ backend: 'fake', simulations: 300 });

    const out = join(dir, 'out');
    const inferred = await cli(['infer', 'examples/coin.ts', '--estimator', est, '--data', 'test/cli/fixtures/coin-many.csv', '--out', out, '--json'], { registry });
    expect(inferred.code, inferred.err).toBe(0);
    const doc = JSON.parse(inferred.out);
    expect(doc).toMatchObject({ command: 'infer', backend: 'fake', dataSets: 3 });
    expect(doc.results).toHaveLength(3);
    expect((await readdir(out)).sort()).toEqual(['dataset-001', 'dataset-002', 'dataset-003', 'summary.json']);
  });

  it('run with an amortized backend trains, then infers; progress goes to a terminal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amortize-run-fake-'));
    const r = await cli(['run', 'examples/coin.ts', '--backend', 'fake', '--simulations', '200', '--out', dir, '--plot'], { registry, tty: true });
    expect(r.code, r.err).toBe(0);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['training.svg', 'marginals.svg', 'draws.csv']));
    expect(r.out).toContain('fake: 1 chain × 500 draws');
    expect(r.err).toContain('training fake on 200 simulations');
    expect(r.err).toMatch(/training .*3\/3.*epoch 3.*loss 0\.3333.*val loss 0\.3667/);
  });

  it('compare puts an MCMC and an amortized backend side by side and draws the compare view', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amortize-cmp-'));
    const r = await cli(['compare', 'examples/coin.ts', '--backends', 'nuts,fake', '--chains', '2', '--draws', '200', '--seed', '1', '--out', dir, '--quiet'], { registry });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/name\s+nuts: median \[5%, 95%\]\s+fake: median \[5%, 95%\]/);
    expect(r.out).toMatch(/^p\s+0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/m);
    expect((await readdir(dir)).sort()).toEqual(['compare.svg', 'fake.summary.json', 'nuts.summary.json']);
    expect(await readFile(join(dir, 'compare.svg'), 'utf8')).toContain('Backends compared');
  });

  it('refuses what makes no sense', async () => {
    const nutsTrain = await cli(['train', 'examples/coin.ts', '--backend', 'nuts', '--out', 'x'], { registry });
    expect(nutsTrain.code).toBe(2);
    expect(nutsTrain.err).toContain("'nuts' is not an amortized backend");
    const gone = await cli(['train', 'examples/coin.ts', '--backend', 'npe', '--out', 'x'], { registry: { ...registry, npe: { kind: 'unavailable' } } });
    expect(gone.code).toBe(2);
    expect(gone.err).toContain("backend 'npe' is not available in this build");
    const noEst = await cli(['infer', 'examples/coin.ts', '--estimator', 'does-not-exist'], { registry });
    expect(noEst.code).toBe(3);
    expect(noEst.err).toContain('amortize-cli.json');
  });
});
