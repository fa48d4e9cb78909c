/**
 * The training loop: early stopping restores the best weights, a NaN loss stops with the best
 * weights and a message, non-finite simulations are dropped and counted (error past the threshold),
 * online training from a worker simulator, progress events, schedules and clipping.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNeuralBackend, tf } from '../../src/nn/backend.js';
import { Mlp } from '../../src/nn/networks/mlp.js';
import { train } from '../../src/nn/train/train.js';
import { dropNonFinite, NonFiniteSimulationError, type Batch, type TrainArrays } from '../../src/nn/train/data.js';
import { startSimulator } from '../../src/nn/train/simulator.js';
import { LearningRateSchedule } from '../../src/nn/train/schedule.js';
import { HostAdam } from '../../src/nn/train/adam.js';
import type { ProgressEvent } from '../../src/backends/backend.js';
import type { CompiledModel } from '../../src/lang/compiled-model.js';
import type { Rng } from '../../src/runtime/rng.js';
import { seeded } from './helpers.js';

const SIM = fileURLToPath(new URL('./fixtures/linear-simulator.mjs', import.meta.url));

beforeAll(async () => {
  expect((await initNeuralBackend({ prefer: 'wasm' })).name).toBe('wasm');
});

/** y = x W* + noise, x (N, 4), y (N, 2). */
function linearData(n: number, seed: number, flip = false): TrainArrays {
  const u = seeded(seed);
  const x = new Float32Array(n * 4);
  const y = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) x[i * 4 + j] = 2 * u() - 1;
    const a = x[i * 4]! - x[i * 4 + 1]!;
    const b = x[i * 4 + 2]! + 0.5 * x[i * 4 + 3]!;
    y[i * 2] = (flip ? -a : a) + 0.05 * (u() - 0.5);
    y[i * 2 + 1] = (flip ? -b : b) + 0.05 * (u() - 0.5);
  }
  return { x: { data: x, shape: [4] }, y: { data: y, shape: [2] } };
}

function mse(net: Mlp) {
  return (b: Batch) => tf.mean(tf.square(tf.sub(net.apply(b['x']!), b['y']!))) as tf.Scalar;
}

function weightsOf(net: Mlp): number[][] {
  return net.weights().map((w) => Array.from(w.variable.dataSync()));
}

describe('train', () => {
  it('early stopping restores the weights of the best validation epoch', async () => {
    // The validation targets have the opposite sign: validation loss is best near the start and
    // rises while the training loss falls, so early stopping must fire and roll back.
    const net = new Mlp({ inputDim: 4, hidden: [16], outputDim: 2, seed: 1 });
    const perEpoch: number[][][] = [];
    const tensorsBefore = tf.memory().numTensors;
    const r = await train({
      modules: [net], loss: mse(net), data: linearData(512, 1), validationData: linearData(128, 2, true),
      epochs: 50, batchSize: 32, learningRate: 1e-2, patience: 3, schedule: 'constant', smoothing: 1, minImprovement: 0,
      onProgress: () => perEpoch.push(weightsOf(net)),
    });
    expect(r.stopReason).toBe('early-stopping');
    expect(r.epochs).toBe(r.bestEpoch + 4);
    expect(r.history[r.epochs - 1]!.valLoss).toBeGreaterThan(r.bestValLoss);
    expect(r.history[r.epochs - 1]!.loss).toBeLessThan(r.history[0]!.loss);
    expect(weightsOf(net)).toEqual(perEpoch[r.bestEpoch]); // bit-exact restore
    expect(weightsOf(net)).not.toEqual(perEpoch[r.epochs - 1]);
    expect(tf.memory().numTensors).toBe(tensorsBefore); // no tensor leaks over a whole run
    net.dispose();
  });

  it('a NaN loss stops training, restores the best weights and explains', async () => {
    const net = new Mlp({ inputDim: 4, hidden: [16], outputDim: 2, seed: 2 });
    const perEpoch: number[][][] = [];
    let calls = 0;
    const base = mse(net);
    const r = await train({
      modules: [net], data: linearData(256, 3), epochs: 20, batchSize: 64, patience: Infinity,
      // 4 training batches + 1 validation batch per epoch: poison the 3rd batch of epoch 4.
      loss: (b) => (++calls === 5 * 3 + 3 ? tf.mul(base(b), NaN) as tf.Scalar : base(b)),
      onProgress: () => perEpoch.push(weightsOf(net)),
    });
    expect(r.stopReason).toBe('non-finite-loss');
    expect(r.message).toMatch(/epoch 4: the training loss became non-finite.*restored the weights of epoch 3/);
    expect(r.epochs).toBe(3);
    expect(r.bestEpoch).toBe(2);
    expect(weightsOf(net)).toEqual(perEpoch[2]);
    expect(weightsOf(net).flat().every(Number.isFinite)).toBe(true);
    net.dispose();
  });

  it('drops non-finite simulations and counts them; errors past the threshold', async () => {
    const data = linearData(100, 4);
    (data['x']!.data as Float32Array)[4 * 7 + 1] = NaN;
    (data['y']!.data as Float32Array)[2 * 50] = Infinity;
    (data['y']!.data as Float32Array)[2 * 7] = NaN; // same row as the x NaN: counted once
    const d = dropNonFinite(data);
    expect(d.dropped).toBe(2);
    expect(d.total).toBe(100);
    expect(d.arrays['x']!.data.length).toBe(98 * 4);

    const net = new Mlp({ inputDim: 4, hidden: [8], outputDim: 2, seed: 3 });
    const r = await train({ modules: [net], loss: mse(net), data, epochs: 2 });
    expect(r.droppedSimulations).toBe(2);
    expect(r.simulations).toBe(98);

    const bad = linearData(100, 5);
    for (let i = 0; i < 25; i++) (bad['x']!.data as Float32Array)[4 * i * 4] = NaN; // 25%
    expect(() => dropNonFinite(bad)).toThrow(NonFiniteSimulationError);
    await expect(train({ modules: [net], loss: mse(net), data: bad, epochs: 1 })).rejects.toThrow(/25 of 100 simulations \(25\.0%\).*allowed 20%/);
    expect(dropNonFinite(bad, 0.3).dropped).toBe(25);
    net.dispose();
  });

  it('online: fresh simulations each epoch from a worker thread, progress events with sims/s and ETA', async () => {
    const sim = await startSimulator({ module: SIM, options: { nanEvery: 50 } }, null, 7);
    expect(sim.where).toBe('worker');
    const net = new Mlp({ inputDim: 3, hidden: [32], outputDim: 2, seed: 4 });
    const events: ProgressEvent[] = [];
    const r = await train({
      modules: [net],
      loss: (b) => tf.mean(tf.square(tf.sub(net.apply(b['x']!), b['theta']!))) as tf.Scalar,
      simulate: (n, epoch) => sim.simulate(n, epoch),
      simulationsPerEpoch: 2000, epochs: 5, batchSize: 100, learningRate: 3e-3,
      onProgress: (e) => events.push(e),
    });
    await sim.close();
    expect(r.stopReason).toBe('max-epochs');
    // 5 epochs × 2000 + 200 validation simulations, every 50th non-finite and dropped.
    expect(r.droppedSimulations).toBe(5 * 40 + 4);
    expect(r.simulations).toBe(5 * 1960 + 196);
    expect(events.map((e) => e.done)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]!.phase).toBe('train');
    expect(events[0]!.total).toBe(5);
    expect(events[0]!.metrics!['simsPerSec']).toBeGreaterThan(0);
    expect(events[0]!.metrics!['valLoss']).toBeGreaterThan(0);
    expect(events[0]!.etaSeconds).toBeGreaterThan(0);
    expect(events[4]!.etaSeconds).toBe(0);
    expect(r.history[4]!.valLoss).toBeLessThan(r.history[0]!.valLoss);
    net.dispose();
  });

  it('simulator: same seed → same simulations in the worker and in-thread; fallback when the module cannot load', async () => {
    const w = await startSimulator({ module: SIM }, null, 3);
    const mod = await import(SIM) as { simulate: (n: number, seed: number) => TrainArrays };
    const t = await startSimulator(null, mod.simulate, 3);
    expect(t.where).toBe('in-thread');
    const [a, b] = await Promise.all([w.simulate(10, 2), t.simulate(10, 2)]);
    expect(Array.from(a['x']!.data)).toEqual(Array.from(b['x']!.data));
    const c = await w.simulate(10, 3);
    expect(Array.from(c['x']!.data)).not.toEqual(Array.from(a['x']!.data));
    await w.close();
    const f = await startSimulator({ module: SIM, exportName: 'notAFunction' }, mod.simulate, 1);
    expect(f.where).toBe('in-thread');
    expect(f.reason).toMatch(/no function export notAFunction/);
  });

  it('a TypeScript simulator module runs in a worker too (tsx loader registered inside the worker)', async () => {
    const ts = await startSimulator({ module: fileURLToPath(new URL('./fixtures/ts-simulator.ts', import.meta.url)) }, null, 5);
    expect(ts.reason).toBeUndefined();
    expect(ts.where).toBe('worker');
    const out = await ts.simulate(4, 0);
    expect(out['x']!.data.length).toBe(4);
    await ts.close();
  });
});

describe('learning-rate schedules and Adam', () => {
  it('cosine decays from lr0 to the floor; plateau halves after `patience` flat epochs', () => {
    const c = new LearningRateSchedule(1, 10, { kind: 'cosine', minFraction: 0.1 });
    expect(c.rateFor(0)).toBeCloseTo(1, 12);
    expect(c.rateFor(5)).toBeCloseTo(0.55, 12);
    expect(c.rateFor(10)).toBeCloseTo(0.1, 12);
    const p = new LearningRateSchedule(1, 10, { kind: 'plateau', patience: 2 });
    expect([p.rateFor(0), p.rateFor(1, 5), p.rateFor(2, 5), p.rateFor(3, 5), p.rateFor(4, 4)]).toEqual([1, 1, 1, 0.5, 0.5]);
  });

  it('clips the global gradient norm and refuses non-finite gradients', () => {
    const v = tf.variable(tf.zeros([2]));
    const adam = new HostAdam([v], { learningRate: 0.1, clipNorm: 1 });
    const g = tf.tensor1d([30, 40]);
    const info = adam.step([g]);
    expect(info.gradNorm).toBeCloseTo(50, 4);
    // First Adam step moves each weight by lr·sign(g) regardless of scale; clipping is visible in m.
    const m = (adam as unknown as { m: Float32Array[] }).m[0]!;
    expect(m[0]).toBeCloseTo(0.1 * 0.6, 6);
    expect(m[1]).toBeCloseTo(0.1 * 0.8, 6);
    expect(Array.from(v.dataSync()).map((x) => +x.toFixed(5))).toEqual([-0.1, -0.1]);
    const bad = adam.step([tf.tensor1d([NaN, 1])]);
    expect(bad.finite).toBe(false);
    expect(Array.from(v.dataSync()).map((x) => +x.toFixed(5))).toEqual([-0.1, -0.1]);
  });
});
