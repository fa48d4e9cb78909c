/**
 * The estimators are engine `Module`s: the engine's `train` drives one through a loss callback
 * (batch → −mean log q), and `saveBundle` / `loadBundle` / `assignWeights` round-trip it by weight
 * name, giving bit-identical log-densities. This is the path NPE/NLE take.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bananaSample, setupBackend, tf } from './helpers.js';
import { createDensityEstimator } from '../../../src/nn/density/index.js';
import { train } from '../../../src/nn/train/train.js';
import { assignWeights, loadBundle, saveBundle } from '../../../src/nn/io/save.js';

const dir = mkdtempSync(join(tmpdir(), 'amortize-density-'));

beforeAll(async () => {
  await setupBackend();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('density estimator as an engine module', () => {
  it('has unique weight names in trainableVariables order', () => {
    const est = createDensityEstimator({
      kind: 'spline-flow',
      config: { dim: 2, contextDim: 1, hidden: [8], seed: 1, layers: 2, structure: 'autoregressive' },
    });
    const named = est.weights();
    expect(new Set(named.map((w) => w.name)).size).toBe(named.length);
    expect(named.map((w) => w.variable)).toEqual(est.trainableVariables());
    est.dispose();
  });

  it('trains with the engine trainer and survives save/load bit-exactly', async () => {
    const spec = { kind: 'maf' as const, config: { dim: 2, contextDim: 0, hidden: [16, 16], seed: 1, layers: 2 } };
    const est = createDensityEstimator(spec);
    const data = bananaSample(4000, 5);
    const loss = (batch: Record<string, tf.Tensor>) =>
      tf.neg(tf.mean(est.logProb(batch['y'] as tf.Tensor2D, null))) as tf.Scalar;
    const result = await train({
      modules: [est],
      loss,
      data: { y: { data: data.y, shape: [2] } },
      epochs: 5,
      batchSize: 128,
      learningRate: 3e-3,
      seed: 1,
    });
    expect(result.history.length).toBeGreaterThan(0);
    const first = result.history[0]!.valLoss;
    expect(result.bestValLoss).toBeLessThan(first);
    // A standard normal would score ≈ 2.9 nats on the banana; the entropy is 2.14.
    expect(result.bestValLoss).toBeLessThan(2.5);

    await saveBundle(join(dir, 'maf'), { kind: 'test', fingerprint: 'fp', modules: { head: est }, config: est.toSpec().config });
    const loaded = await loadBundle(join(dir, 'maf'), { fingerprint: 'fp' });
    const fresh = createDensityEstimator({ ...spec, config: { ...spec.config, seed: 99 } });
    assignWeights({ head: fresh }, loaded.weights);
    const probe = tf.tensor2d(data.y.subarray(0, 200), [100, 2]);
    const a = tf.tidy(() => est.logProb(probe, null).dataSync());
    const b = tf.tidy(() => fresh.logProb(probe, null).dataSync());
    expect(Array.from(b)).toEqual(Array.from(a));
    tf.dispose(probe);
    est.dispose();
    fresh.dispose();
  });
});
