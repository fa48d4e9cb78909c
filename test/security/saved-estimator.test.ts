/**
 * Saved estimators as untrusted input: the in-memory round trip (serialize / toBytes) reproduces
 * the saved estimator's draws bit for bit, and hostile manifests end in a FormatError before
 * anything is allocated from their numbers (huge layers, draws, strings or NaN-like values in a
 * standardiser, a string formatVersion, weights files outside the save, /dev/zero, symlinks).
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infer, loadEstimator, npe, type Npe } from '../../src/index.js';
import { coin } from '../amortized/models.js';

const dir = mkdtempSync(join(tmpdir(), 'amortize-sec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataSets = [0, 7].map((heads) => ({ n: 10, heads }));

let est: Npe;
let manifest: Record<string, any>;
beforeAll(async () => {
  est = await npe({ simulations: 300, epochs: 2, density: 'diag-gaussian', draws: 200 }).train(coin, { inputs: { n: 10 }, seed: 3 });
  await est.save(join(dir, 'good'));
  manifest = JSON.parse(readFileSync(join(dir, 'good', 'manifest.json'), 'utf8'));
}, 120_000);

/** A copy of the good save with its manifest changed by `edit`. */
function hostile(name: string, edit: (m: Record<string, any>) => void): string {
  const d = join(dir, name);
  cpSync(join(dir, 'good'), d, { recursive: true });
  const m = structuredClone(manifest);
  edit(m);
  writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
  return d;
}

describe('in-memory saves', () => {
  it('serialize() and toBytes() load back to the same draws as the estimator and its folder save', async () => {
    const before = await infer(coin, dataSets, est, { seed: 9 });
    for (const src of [est.serialize(), est.toBytes(), join(dir, 'good')]) {
      const again = await loadEstimator(src, { model: coin.compile({ n: 10 }) });
      const after = await infer(coin, dataSets, again, { seed: 9 });
      for (let i = 0; i < dataSets.length; i++) expect(after[i]!.draws()).toEqual(before[i]!.draws());
    }
  });
  it('refuses flipped, truncated or foreign bytes with a FormatError', async () => {
    const b = est.toBytes();
    const flipped = b.slice(); flipped[flipped.length - 3]! ^= 1;
    await expect(loadEstimator(flipped)).rejects.toMatchObject({ name: 'FormatError' });
    await expect(loadEstimator(b.subarray(0, b.length - 4))).rejects.toMatchObject({ name: 'FormatError' });
    await expect(loadEstimator(new Uint8Array(64))).rejects.toMatchObject({ name: 'FormatError' });
  });
});

describe('hostile manifests', () => {
  const cases: [string, (m: Record<string, any>) => void, RegExp][] = [
    ['version-string', (m) => { m.formatVersion = '1'; }, /formatVersion/],
    ['version-fraction', (m) => { m.formatVersion = 0.5; }, /formatVersion/],
    ['huge-hidden', (m) => { setHidden(m.config, [20000, 20000]); }, /layer/],
    ['huge-hidden-one', (m) => { setHidden(m.config, [3_000_000]); }, /layer size/],
    ['draws', (m) => { m.config.estimator.draws = 1e9; }, /draws/],
    ['draws-neg', (m) => { m.config.estimator.draws = -5; }, /draws/],
    ['std-string', (m) => { m.normalization.target.std[0] = 'x'; }, /std/],
    ['std-zero', (m) => { m.normalization.target.std[0] = 0; }, /std/],
    ['mean-short', (m) => { m.normalization.target.mean = []; }, /std|mean/],
    ['dotdot', (m) => { m.weights.file = '../good/weights.bin'; }, /plain file name/],
    ['absolute', (m) => { m.weights.file = '/dev/zero'; }, /plain file name/],
    ['offset', (m) => { m.weights.tensors[0].offset = 4; }, /offset/],
    ['length', (m) => { m.weights.tensors[0].length = 1e9; }, /length/],
    ['bytelength', (m) => { m.weights.byteLength = 2 ** 40; }, /byteLength/],
    ['shape-neg', (m) => { m.weights.tensors[0].shape = [-1]; }, /shape/],
    ['kind-proto', (m) => { m.kind = '__proto__'; }, /kind/],
    ['paramdim', (m) => { m.config.paramDim = 1e12; }, /paramDim/],
  ];
  for (const [name, edit, re] of cases) {
    it(`${name}: FormatError or InferenceError naming the field, quickly`, async () => {
      const t0 = Date.now();
      const err = await loadEstimator(hostile(name, edit)).then(() => null, (e: Error) => e);
      expect(err).not.toBeNull();
      expect(['FormatError', 'InferenceError']).toContain(err!.name);
      expect(err!.message).toMatch(re);
      expect(Date.now() - t0).toBeLessThan(5000);
    });
  }
  it('a weights.bin that is a symlink (to another save or /dev/zero) is refused', async () => {
    for (const [name, to] of [['link-other', join(dir, 'good', 'weights.bin')], ['link-zero', '/dev/zero']] as const) {
      const d = hostile(name, () => {});
      rmSync(join(d, 'weights.bin'));
      symlinkSync(to, join(d, 'weights.bin'));
      await expect(loadEstimator(d)).rejects.toThrow(/symbolic link/);
    }
  });
});

function setHidden(v: unknown, h: number[]): void {
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'hidden' && Array.isArray(x)) (v as Record<string, unknown>)[k] = h;
    else setHidden(x, h);
  }
}
