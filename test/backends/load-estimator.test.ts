/**
 * loadEstimator(dir, { model }): one loader for every saved kind, dispatching on the manifest's
 * `kind`. Tiny budgets: this tests the dispatch and the refusals, not accuracy (the backends' own
 * tests cover that, and that their loaders reproduce the weights bit for bit).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceError, infer, loadEstimator, nbe, npe, savedEstimatorKind, type Nbe, type Npe } from '../../src/index.js';
import { coin, normalNormal } from '../amortized/models.js';

const dir = mkdtempSync(join(tmpdir(), 'amortize-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const coin10 = coin.compile({ n: 10 });
const dataSets = [0, 4, 7, 10].map((heads) => ({ n: 10, heads }));

describe('loadEstimator', () => {
  let npeEst: Npe;
  let nbeEst: Nbe;
  beforeAll(async () => {
    npeEst = await npe({ simulations: 500, epochs: 3, density: 'diag-gaussian', draws: 500 }).train(coin, { inputs: { n: 10 }, seed: 1 });
    nbeEst = await nbe({ simulations: 500, epochs: 3 }).train(coin, { inputs: { n: 10 }, seed: 1 });
    await npeEst.save(join(dir, 'coin.npe'));
    await nbeEst.save(join(dir, 'coin.nbe'));
  }, 120_000);

  it('loads a saved NPE by its manifest: same draws and densities as the estimator that was saved', async () => {
    expect(await savedEstimatorKind(join(dir, 'coin.npe'))).toBe('npe');
    const again = await loadEstimator(join(dir, 'coin.npe'), { model: coin10 });
    expect(again.kind).toBe('npe');
    const before = await infer(coin, dataSets, npeEst, { seed: 5 });
    const after = await infer(coin, dataSets, again, { seed: 5 });
    for (let i = 0; i < dataSets.length; i++) {
      expect(after[i]!.draws()).toEqual(before[i]!.draws());
      expect(after[i]!.logDensity(Float64Array.of(0.3))).toBe(before[i]!.logDensity(Float64Array.of(0.3)));
    }
  });

  it('loads a saved NBE by its manifest: same estimates', async () => {
    expect(await savedEstimatorKind(join(dir, 'coin.nbe'))).toBe('nbe');
    // An uncompiled model with its inputs works too.
    const again = await loadEstimator(join(dir, 'coin.nbe'), { model: coin, inputs: { n: 10 } });
    expect(again.kind).toBe('nbe');
    const before = await infer(coin, dataSets, nbeEst);
    const after = await infer(coin, dataSets, again);
    for (let i = 0; i < dataSets.length; i++) {
      expect(after[i]!.mean()).toEqual(before[i]!.mean());
      expect(after[i]!.interval(0.9, 'p')).toEqual(before[i]!.interval(0.9, 'p'));
    }
  });

  it('without a model it loads, and the check happens at infer', async () => {
    const again = await loadEstimator(join(dir, 'coin.npe'));
    await expect(infer(normalNormal, { y: [0, 0, 0, 0, 0] }, again)).rejects.toThrow(InferenceError);
  });

  it('refuses a save trained on another model, or on other inputs', async () => {
    for (const name of ['coin.npe', 'coin.nbe']) {
      await expect(loadEstimator(join(dir, name), { model: normalNormal.compile({}) })).rejects.toThrow(InferenceError);
      await expect(loadEstimator(join(dir, name), { model: normalNormal.compile({}) })).rejects.toThrow(/trained on a different model/);
      await expect(loadEstimator(join(dir, name), { model: coin.compile({ n: 20 }) })).rejects.toThrow(/trained on a different model/);
    }
  });

  it('refuses a directory that is not a save, a foreign manifest, and an unknown kind', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    await expect(loadEstimator(empty)).rejects.toThrow(InferenceError);
    await expect(loadEstimator(empty)).rejects.toThrow(/is not a saved estimator: it has no manifest\.json/);
    await expect(loadEstimator(join(dir, 'does-not-exist'))).rejects.toThrow(/is not a saved estimator/);

    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'manifest.json'), JSON.stringify({ name: 'some-package' }));
    await expect(loadEstimator(foreign)).rejects.toThrow(/not an amortize network manifest/);

    const garbled = join(dir, 'garbled');
    mkdirSync(garbled);
    writeFileSync(join(garbled, 'manifest.json'), '{ not json');
    await expect(loadEstimator(garbled)).rejects.toThrow(/FormatError|not valid JSON/);
    await expect(loadEstimator(garbled)).rejects.toMatchObject({ name: 'FormatError' });

    const odd = join(dir, 'odd');
    mkdirSync(odd);
    writeFileSync(join(odd, 'manifest.json'), JSON.stringify({ format: 'amortize-network', formatVersion: 1, kind: 'gan' }));
    await expect(loadEstimator(odd)).rejects.toThrow(/unknown kind 'gan'; this amortize loads npe, nbe, nle, nre/);
  });
});

describe('amortize infer reads the kind from the save', () => {
  it('infers with a save written by the API (no amortize-cli.json, no --backend)', async () => {
    const { coin: exampleCoin } = await import('../../examples/coin.js');
    const { cli } = await import('../cli/helpers.js');
    const est = join(dir, 'api.nbe');
    const trained = await nbe({ simulations: 500, epochs: 3 }).train(exampleCoin, { inputs: { n: 10 }, seed: 2 });
    await trained.save(est);
    const r = await cli(['infer', 'examples/coin.ts', '--estimator', est, '--data', 'test/cli/fixtures/coin-many.csv', '--json']);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ command: 'infer', backend: 'nbe', dataSets: 3 });
    const direct = await infer(exampleCoin, [2, 7, 10].map((heads) => ({ n: 10, heads })), trained);
    expect(doc.results.map((x: { summary: { mean: number }[] }) => x.summary[0]!.mean)).toEqual(direct.map((p) => p.mean('p')));

    const notASave = await cli(['infer', 'examples/coin.ts', '--estimator', join(dir, 'empty-cli'), '--quiet']);
    expect(notASave.code).toBe(3);
    expect(notASave.err).toMatch(/is not a saved estimator: it has neither manifest\.json .* nor amortize-cli\.json/);
    const wrong = await cli(['infer', 'examples/eight-schools.ts', '--estimator', est, '--quiet']);
    expect(wrong.code).toBe(4);
    expect(wrong.err).toContain('trained on a different model');
  }, 60_000);
});
