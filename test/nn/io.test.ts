/**
 * Save/load: a bit-exact round trip, refusal of another model's save, and atomicity — a crash at
 * any point of a save leaves the previous save loadable.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNeuralBackend, tf } from '../../src/nn/backend.js';
import { Mlp } from '../../src/nn/networks/mlp.js';
import { Cnn } from '../../src/nn/networks/cnn.js';
import { buildNetwork } from '../../src/nn/networks/select.js';
import { Standardizer } from '../../src/nn/standardize.js';
import { assignWeights, BundleMismatchError, loadBundle, saveBundle } from '../../src/nn/io/save.js';
import { FORMAT_VERSION, type Manifest } from '../../src/nn/io/format.js';
import type { SaveStage } from '../../src/nn/io/atomic.js';
import type { Network } from '../../src/nn/networks/types.js';
import { randn } from './helpers.js';

let root: string;
beforeAll(async () => {
  await initNeuralBackend({ prefer: 'wasm' });
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'amortize-nn-io-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** Set every weight to seeded normals, including awkward float32 values. */
function scramble(net: Network, seed: number): void {
  net.weights().forEach((w, i) => {
    const v = randn(w.variable.size, seed * 100 + i);
    if (v.length > 2) { v[0] = 1e-42; v[1] = -0; v[2] = 3.4028234663852886e38; } // subnormal, −0, max float32
    const t = tf.tensor(v, w.variable.shape);
    w.variable.assign(t);
    t.dispose();
  });
}

function bits(net: Network): number[][] {
  return net.weights().map((w) => Array.from(new Uint32Array((w.variable.dataSync() as Float32Array).slice().buffer)));
}

function bundle(summary: Network, head: Network, fingerprint = 'fp-model-A') {
  return {
    kind: 'npe',
    fingerprint,
    modules: { summary, head },
    config: { summary: summary.config, head: head.config },
    normalization: { x: Standardizer.fit([1, 2, 3, 4.5], 1).toJSON() },
    training: { epochs: 3, seed: 1 },
  };
}

describe('save/load', () => {
  it('round-trips bit-exactly and records format, library version, fingerprint, configs and stats', async () => {
    const summary = new Cnn({ height: 8, width: 8, outputDim: 4, convChannels: [4], denseHidden: [8], seed: 1 });
    const head = new Mlp({ inputDim: 4, hidden: [8], outputDim: 2, seed: 2 });
    scramble(summary, 1);
    scramble(head, 2);
    const dir = path.join(root, 'a.npe');
    await saveBundle(dir, bundle(summary, head));

    const loaded = await loadBundle(dir, { fingerprint: 'fp-model-A', kind: 'npe' });
    const m: Manifest = loaded.manifest;
    expect(m.formatVersion).toBe(FORMAT_VERSION);
    expect(m.library).toEqual({ name: 'amortize', version: '0.1.0' });
    expect(m.fingerprint).toBe('fp-model-A');
    expect(m.weights.byteOrder).toBe('little-endian');
    expect(m.weights.tensors.map((t) => t.name)).toContain('summary/conv0/filter');
    // Rebuild from the saved configs (fresh, different weights), then assign.
    const cfg = m.config as { summary: Network['config']; head: Network['config'] };
    const s2 = buildNetwork(cfg.summary);
    const h2 = buildNetwork(cfg.head);
    expect(bits(s2)).not.toEqual(bits(summary));
    assignWeights({ summary: s2, head: h2 }, loaded.weights);
    expect(bits(s2)).toEqual(bits(summary));
    expect(bits(h2)).toEqual(bits(head));
    const st = Standardizer.fromJSON((m.normalization as { x: ReturnType<Standardizer['toJSON']> }).x);
    expect(st.mean[0]).toBe(2.625);
    for (const n of [summary, head, s2, h2]) n.dispose();
  });

  it('refuses a save from another model, another estimator kind, a newer format, and corrupt weights', async () => {
    const head = new Mlp({ inputDim: 2, hidden: [4], outputDim: 1, seed: 3 });
    const dir = path.join(root, 'b.npe');
    await saveBundle(dir, { kind: 'npe', fingerprint: 'fp-A', modules: { head } });
    await expect(loadBundle(dir, { fingerprint: 'fp-B' })).rejects.toThrow(BundleMismatchError);
    await expect(loadBundle(dir, { fingerprint: 'fp-B' })).rejects.toThrow(/trained on a different model \(fingerprint fp-A\); this model's fingerprint is fp-B/);
    await expect(loadBundle(dir, { kind: 'nle' })).rejects.toThrow(/holds a 'npe' estimator, not 'nle'/);
    const other = new Mlp({ inputDim: 2, hidden: [5], outputDim: 1 });
    const ok = await loadBundle(dir, { fingerprint: 'fp-A' });
    expect(() => assignWeights({ head: other }, ok.weights)).toThrow(/shape \[2, 4\] in the save but \[2, 5\]/);
    const wfile = path.join(dir, 'weights.bin');
    const bytes = await fs.readFile(wfile);
    bytes[5] = bytes[5]! ^ 1;
    await fs.writeFile(wfile, bytes);
    await expect(loadBundle(dir)).rejects.toThrow(/corrupt or truncated/);
    const mfile = path.join(dir, 'manifest.json');
    const man = JSON.parse(await fs.readFile(mfile, 'utf8')) as Manifest;
    man.formatVersion = FORMAT_VERSION + 1;
    await fs.writeFile(mfile, JSON.stringify(man));
    await expect(loadBundle(dir)).rejects.toThrow(/format version 2.*upgrade amortize/);
    await expect(loadBundle(path.join(root, 'nothing-here'))).rejects.toThrow(/no saved network/);
    head.dispose(); other.dispose();
  });

  for (const stage of ['partial-write', 'files-written', 'old-moved'] as SaveStage[]) {
    it(`a crash at '${stage}' leaves the previous save loadable, and the next save succeeds`, async () => {
      const dir = path.join(root, `c-${stage}.npe`);
      const v1 = new Mlp({ inputDim: 3, hidden: [6], outputDim: 2, seed: 4 });
      scramble(v1, 4);
      await saveBundle(dir, { kind: 'npe', fingerprint: 'fp', modules: { head: v1 }, training: { version: 1 } });
      const v2 = new Mlp({ inputDim: 3, hidden: [6], outputDim: 2, seed: 5 });
      scramble(v2, 5);
      await expect(saveBundle(dir, { kind: 'npe', fingerprint: 'fp', modules: { head: v2 }, training: { version: 2 } }, {
        onStage: (s) => { if (s === stage) throw new Error(`simulated crash at ${s}`); },
      })).rejects.toThrow(/simulated crash/);

      const back = await loadBundle(dir, { fingerprint: 'fp' });
      expect(back.manifest.training).toEqual({ version: 1 });
      const probe = new Mlp({ inputDim: 3, hidden: [6], outputDim: 2, seed: 9 });
      assignWeights({ head: probe }, back.weights);
      expect(bits(probe)).toEqual(bits(v1));

      await saveBundle(dir, { kind: 'npe', fingerprint: 'fp', modules: { head: v2 }, training: { version: 2 } });
      const again = await loadBundle(dir);
      expect(again.manifest.training).toEqual({ version: 2 });
      expect(again.dir).toBe(path.resolve(dir));
      // No stale copy of an old save is left next to it.
      expect((await fs.readdir(root)).filter((n) => n.startsWith(`.c-${stage}.npe.old-`))).toEqual([]);
      for (const n of [v1, v2, probe]) n.dispose();
    });
  }
});
