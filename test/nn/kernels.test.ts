/**
 * Every kernel we register on wasm equals the cpu backend's own kernel within float32 tolerance,
 * forward and through gradients. Also records that MaxPool's gradient exists on wasm.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNeuralBackend, tf } from '../../src/nn/backend.js';
import { maxRelDiff, randn } from './helpers.js';

const TOL = 2e-5;

/** Run `f` on backend `name` and return its outputs as plain arrays. */
async function on(name: 'wasm' | 'cpu', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(name);
  return tf.tidy(f).map((t) => {
    const v = t.dataSync() as Float32Array;
    t.dispose();
    return Float32Array.from(v);
  });
}

async function same(f: () => tf.Tensor[]): Promise<void> {
  const w = await on('wasm', f);
  const c = await on('cpu', f);
  expect(w.length).toBe(c.length);
  for (let i = 0; i < w.length; i++) expect(maxRelDiff(w[i]!, c[i]!)).toBeLessThan(TOL);
}

beforeAll(async () => {
  const info = await initNeuralBackend({ prefer: 'wasm' });
  expect(info.name).toBe('wasm');
  expect(info.kernelFixes).toEqual(expect.arrayContaining(['BatchMatMul', 'Conv2DBackpropFilter', 'UnsortedSegmentSum']));
});

describe('kernel fixes can be removed and re-applied', () => {
  it('as shipped, wasm cannot differentiate a conv; with the fixes it can', async () => {
    const convGrad = () => tf.tidy(() => tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, f as tf.Tensor4D, 1, 'same')))(tf.ones([3, 3, 1, 1])).dataSync());
    const shipped = await initNeuralBackend({ prefer: 'wasm', kernelFixes: false });
    expect(shipped.kernelFixes).toEqual([]);
    expect(convGrad).toThrow(/Conv2DBackpropFilter/);
    const fixed = await initNeuralBackend({ prefer: 'wasm' });
    expect(fixed.kernelFixes).toHaveLength(5);
    expect(Array.from(convGrad())).toEqual([9, 12, 9, 12, 16, 12, 9, 12, 9]);
  });
});

describe('patched wasm kernels vs cpu backend', () => {
  it('BatchMatMul, all transpose combinations, 2-D and batched', async () => {
    const A = randn(3 * 5 * 7, 1);
    const B = randn(3 * 7 * 4, 2);
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      await same(() => {
        const a = tf.tensor3d(A, ta ? [3, 7, 5] : [3, 5, 7]);
        const b = tf.tensor3d(B, tb ? [3, 4, 7] : [3, 7, 4]);
        const a2 = tf.tensor2d(A.subarray(0, 35), ta ? [7, 5] : [5, 7]);
        const b2 = tf.tensor2d(B.subarray(0, 28), tb ? [4, 7] : [7, 4]);
        return [tf.matMul(a, b, ta, tb), tf.matMul(a2, b2, ta, tb)];
      });
    }
  });

  it('dense-layer gradients (which use transposed matmuls)', async () => {
    const X = randn(64 * 10, 3);
    const W = randn(10 * 8, 4);
    await same(() => {
      const x = tf.tensor2d(X, [64, 10]);
      const w = tf.tensor2d(W, [10, 8]);
      const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(tf.tanh(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D)))));
      return g([x, w]);
    });
  });

  for (const cfg of [
    { name: '3x3 same, Ci=1', x: [2, 8, 8, 1], f: [3, 3, 1, 4], s: 1, pad: 'same' as const },
    { name: '3x3 same, Ci=3', x: [2, 7, 6, 3], f: [3, 3, 3, 5], s: 1, pad: 'same' as const },
    { name: '3x3 valid, stride 2', x: [3, 9, 9, 2], f: [3, 3, 2, 4], s: 2, pad: 'valid' as const },
    { name: '2x3 same, stride 2', x: [2, 8, 7, 2], f: [2, 3, 2, 3], s: 2, pad: 'same' as const },
  ]) {
    it(`Conv2DBackpropFilter and Conv2DBackpropInput: ${cfg.name}`, async () => {
      const X = randn(cfg.x.reduce((a, b) => a * b), 5);
      const F = randn(cfg.f.reduce((a, b) => a * b), 6);
      await same(() => {
        const x = tf.tensor4d(X, cfg.x as [number, number, number, number]);
        const f = tf.tensor4d(F, cfg.f as [number, number, number, number]);
        const loss = (xx: tf.Tensor, ff: tf.Tensor) =>
          tf.sum(tf.sin(tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, cfg.s, cfg.pad)));
        const [dx, df] = tf.grads(loss)([x, f]);
        return [tf.conv2d(x, f, cfg.s, cfg.pad), dx!, df!];
      });
    });
  }

  it('UnsortedSegmentSum directly and as the gradient of gather', async () => {
    const X = randn(6 * 4, 7);
    await same(() => {
      const x = tf.tensor2d(X, [6, 4]);
      const ids = tf.tensor1d([0, 2, 2, 1, 0, 4], 'int32');
      const direct = tf.unsortedSegmentSum(x, ids, 5);
      const table = tf.tensor2d(X.subarray(0, 20), [5, 4]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d([1, 3, 3, 0, 1], 'int32')))));
      return [direct, g(table)];
    });
  });

  it('MaxPool gradient (the shipped wasm one drops windows whose max is negative) matches', async () => {
    const X = randn(2 * 8 * 8 * 3, 8);
    await same(() => {
      const x = tf.tensor4d(X, [2, 8, 8, 3]);
      const g = tf.grad((xx: tf.Tensor) => tf.sum(tf.square(tf.maxPool(xx as tf.Tensor4D, 2, 2, 'valid'))));
      return [g(x)];
    });
    // The case the shipped kernel gets wrong: an all-negative window, and 'same' padding.
    await same(() => {
      const x = tf.tensor4d([-1, -5, -3, -2, -4, -2, -8, -1, 0.5, -9, 1, 1, 3, 2, 7, 6, 0.1], [1, 1, 17, 1]);
      const x2 = tf.tensor4d(X.subarray(0, 5 * 5 * 2), [1, 5, 5, 2]);
      const g = tf.grad((xx: tf.Tensor) => tf.sum(tf.square(tf.maxPool(xx as tf.Tensor4D, [1, 3], [1, 2], 'same'))));
      const g2 = tf.grad((xx: tf.Tensor) => tf.sum(tf.square(tf.maxPool(xx as tf.Tensor4D, 3, 2, 'same'))));
      return [g(x), g2(x2)];
    });
  });
});
