/** Networks: MLP learns a known function, DeepSets is permutation invariant for any count, the CNN trains on wasm. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNeuralBackend, tf } from '../../src/nn/backend.js';
import { Mlp } from '../../src/nn/networks/mlp.js';
import { DeepSets } from '../../src/nn/networks/deepsets.js';
import { Cnn } from '../../src/nn/networks/cnn.js';
import { summaryKindFor, summaryNetworkFor, buildNetwork } from '../../src/nn/networks/select.js';
import { Standardizer } from '../../src/nn/standardize.js';
import { StandardizedNetwork } from '../../src/nn/networks/standardized.js';
import { train } from '../../src/nn/train/train.js';
import { makeBatch, type TrainArrays } from '../../src/nn/train/data.js';
import { randn, seeded } from './helpers.js';

beforeAll(async () => {
  expect((await initNeuralBackend({ prefer: 'wasm' })).name).toBe('wasm');
});

/** y = sin(2 x1) + x2² / 2 − x1 x3, x ~ U(−1.5, 1.5)³. */
function regressionData(n: number, seed: number): TrainArrays {
  const u = seeded(seed);
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) x[i * 3 + j] = 3 * u() - 1.5;
    y[i] = Math.sin(2 * x[i * 3]!) + x[i * 3 + 1]! ** 2 / 2 - x[i * 3]! * x[i * 3 + 2]!;
  }
  return { x: { data: x, shape: [3] }, y: { data: y, shape: [1] } };
}

describe('MLP', () => {
  it('learns a known nonlinear function: held-out MSE < 0.01 (Var(y) ≈ 0.9)', async () => {
    const net = new Mlp({ inputDim: 3, hidden: [64, 64], outputDim: 1, seed: 3 });
    const data = regressionData(4000, 1);
    const xs = Standardizer.fit(data['x']!.data, 3);
    const loss = (b: Record<string, tf.Tensor>) => tf.mean(tf.square(tf.sub(net.apply(xs.apply(b['x']!)), b['y']!))) as tf.Scalar;
    const r = await train({ modules: [net], loss, data, epochs: 40, batchSize: 128, learningRate: 5e-3, seed: 2 });
    const test = regressionData(1000, 99);
    const b = makeBatch(test, Array.from({ length: 1000 }, (_, i) => i));
    const mse = tf.tidy(() => tf.mean(tf.square(tf.sub(net.apply(xs.apply(b['x']!)), b['y']!))).dataSync()[0]!);
    expect(mse).toBeLessThan(0.01);
    expect(r.history.length).toBeGreaterThan(10);
    net.dispose();
  });

  it('residual variant runs and names its weights', () => {
    const net = new Mlp({ inputDim: 4, hidden: [16, 16, 16], outputDim: 2, residual: true, activation: 'tanh' });
    expect(net.weights().map((w) => w.name)).toEqual(['dense0/W', 'dense0/b', 'dense1/W', 'dense1/b', 'dense2/W', 'dense2/b', 'dense3/W', 'dense3/b']);
    const y = tf.tidy(() => net.apply(tf.ones([5, 4])).shape);
    expect(y).toEqual([5, 2]);
    net.dispose();
  });

  it('a seed fixes the initial weights', () => {
    const a = new Mlp({ inputDim: 3, outputDim: 2, seed: 7 });
    const b = new Mlp({ inputDim: 3, outputDim: 2, seed: 7 });
    expect(Array.from(a.weights()[0]!.variable.dataSync())).toEqual(Array.from(b.weights()[0]!.variable.dataSync()));
    a.dispose(); b.dispose();
  });
});

describe('DeepSets', () => {
  let net: DeepSets;
  beforeAll(() => { net = new DeepSets({ replicateDim: 2, outputDim: 3, seed: 5 }); });

  it('is invariant to permutations of the replicates', () => {
    const n = 7;
    const X = randn(4 * n * 2, 11);
    const P = [3, 0, 6, 1, 5, 2, 4];
    const Xp = new Float32Array(X.length);
    for (let b = 0; b < 4; b++) for (let j = 0; j < n; j++) for (let d = 0; d < 2; d++) Xp[(b * n + j) * 2 + d] = X[(b * n + P[j]!) * 2 + d]!;
    const [y, yp] = tf.tidy(() => [net.apply(tf.tensor3d(X, [4, n, 2])).dataSync(), net.apply(tf.tensor3d(Xp, [4, n, 2])).dataSync()]);
    for (let i = 0; i < y!.length; i++) expect(yp![i]).toBeCloseTo(y![i]!, 5);
  });

  it('handles two replicate counts, separately and padded with a mask in one batch', () => {
    const a = randn(5 * 2, 12); // one data set with n = 5
    const b = randn(20 * 2, 13); // one with n = 20
    const ya = tf.tidy(() => net.apply(tf.tensor3d(a, [1, 5, 2])).dataSync());
    const yb = tf.tidy(() => net.apply(tf.tensor3d(b, [1, 20, 2])).dataSync());
    expect(Array.from(ya)).not.toEqual(Array.from(yb));
    // Mixed batch: pad the n = 5 set to 20 with garbage and mask it out.
    const padded = new Float32Array(2 * 20 * 2).fill(1e3);
    padded.set(a, 0);
    padded.set(b, 40);
    const mask = new Float32Array(40);
    mask.fill(1, 0, 5);
    mask.fill(1, 20, 40);
    const y = tf.tidy(() => net.apply(tf.tensor3d(padded, [2, 20, 2]), { mask: tf.tensor2d(mask, [2, 20]) }).dataSync());
    for (let i = 0; i < 3; i++) {
      expect(y[i]).toBeCloseTo(ya[i]!, 4);
      expect(y[3 + i]).toBeCloseTo(yb[i]!, 4);
    }
  });
});

describe('CNN', () => {
  it('trains on wasm (patched kernels): loss falls by more than half on a 16×16 field regression', async () => {
    // Target: the field's mean and its left–right contrast, from noisy 16×16 fields.
    const N = 512;
    const u = seeded(21);
    const x = new Float32Array(N * 256);
    const y = new Float32Array(N * 2);
    for (let i = 0; i < N; i++) {
      const m = 2 * u() - 1;
      const c = 2 * u() - 1;
      for (let r = 0; r < 16; r++) for (let k = 0; k < 16; k++) x[i * 256 + r * 16 + k] = m + (k < 8 ? c : -c) + 0.3 * (u() - 0.5);
      y[i * 2] = m;
      y[i * 2 + 1] = c;
    }
    const net = new Cnn({ height: 16, width: 16, outputDim: 2, seed: 4 });
    const loss = (b: Record<string, tf.Tensor>) => tf.mean(tf.square(tf.sub(net.apply(b['x']!), b['y']!))) as tf.Scalar;
    const r = await train({ modules: [net], loss, data: { x: { data: x, shape: [16, 16, 1] }, y: { data: y, shape: [2] } }, epochs: 6, batchSize: 64, learningRate: 2e-3, patience: Infinity });
    expect(tf.getBackend()).toBe('wasm');
    expect(r.history[r.history.length - 1]!.valLoss).toBeLessThan(0.5 * r.history[0]!.valLoss);
    net.dispose();
  });
});

describe('summaryNetworkFor', () => {
  it('picks the family from the data shape and accepts an override', () => {
    expect(summaryKindFor([])).toBe('mlp');
    expect(summaryKindFor([10])).toBe('mlp');
    expect(summaryKindFor([50, 2])).toBe('deepsets');
    expect(summaryKindFor([16, 16])).toBe('cnn');
    expect(summaryKindFor([16, 16, 3])).toBe('cnn');
    const n1 = summaryNetworkFor([30, 1], { outputDim: 4 });
    expect(n1.config.kind).toBe('deepsets');
    expect(tf.tidy(() => n1.apply(tf.ones([2, 30, 1])).shape)).toEqual([2, 4]);
    const n2 = summaryNetworkFor([16, 16], { outputDim: 4, kind: 'mlp' });
    expect(n2.config.kind).toBe('mlp');
    expect(n2.inputShape).toEqual([256]);
    const n3 = buildNetwork(summaryNetworkFor([16, 16]).config);
    expect(n3.config.kind).toBe('cnn');
    expect(tf.tidy(() => n3.apply(tf.ones([3, 16, 16])).shape)).toEqual([3, 8]);
    for (const n of [n1, n2, n3]) n.dispose();
  });
});

describe('Standardizer', () => {
  it('fits per feature, inverts, ignores non-finite values, survives constant features', () => {
    const v = [1, 10, 5, 3, 10, 5, 5, 10, 5, NaN, 10, 5];
    const s = Standardizer.fit(v, 3);
    expect(s.mean[0]).toBeCloseTo(3, 12);
    expect(s.std[0]).toBeCloseTo(2, 12);
    expect(s.std[1]).toBe(1); // constant feature
    const z = s.applyArray([3, 10, 7]);
    expect(Array.from(z)).toEqual([0, 0, 2]);
    expect(Array.from(s.invertArray(z))).toEqual([3, 10, 7]);
    expect(s.logDetJacobian()).toBeCloseTo(-Math.log(2), 12);
    const t = tf.tidy(() => Array.from(s.invert(s.apply(tf.tensor2d([[3, 10, 7]]))).dataSync()));
    expect(t[2]).toBeCloseTo(7, 5);
    expect(Standardizer.fromJSON(JSON.parse(JSON.stringify(s.toJSON()))).mean).toEqual(s.mean);
  });
});

describe('StandardizedNetwork', () => {
  it('standardises inputs with training-set statistics and round-trips through JSON', () => {
    const x = new Float32Array([100, 1, 102, 3, 104, 5, 106, 7]); // 4 examples × 2 features
    const sn = StandardizedNetwork.fit(new Mlp({ inputDim: 2, hidden: [4], outputDim: 1, seed: 2 }), x);
    expect(Array.from(sn.input.mean)).toEqual([103, 4]);
    const direct = tf.tidy(() => sn.network.apply(tf.tensor2d(sn.input.applyArray([106, 7]), [1, 2])).dataSync()[0]!);
    const viaWrapper = tf.tidy(() => sn.apply(tf.tensor2d([[106, 7]])).dataSync()[0]!);
    expect(viaWrapper).toBeCloseTo(direct, 5);
    const again = StandardizedNetwork.fromJSON(JSON.parse(JSON.stringify(sn.toJSON())));
    expect(again.config).toEqual(sn.config);
    expect(Array.from(again.input.std)).toEqual(Array.from(sn.input.std));
    sn.dispose(); again.dispose();
  });
});
