/**
 * The fast full-covariance Gaussian path (src/backends/nle/whitened-gaussian.ts) computes the same
 * function as the estimator's own logProb: in training form, and in the prepared (per-data-set
 * precomputed) form used at inference. Random weights made large enough that every term matters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNeuralBackend, tf } from '../../src/runtime/nn/index.js';
import { FullGaussian } from '../../src/runtime/nn/density/gaussian.js';
import { WhitenedGaussian } from '../../src/backends/nle/whitened-gaussian.js';

beforeAll(async () => {
  await initNeuralBackend();
});

describe('WhitenedGaussian', () => {
  it('equals FullGaussian.logProb (training and prepared forms, relu and tanh)', () => {
    for (const activation of ['relu', 'tanh'] as const) {
      const D = 7, C = 2, B = 12;
      const g = new FullGaussian({ dim: D, contextDim: C, hidden: [9, 5], activation, seed: 4 });
      // Scale the output layer up: the initial one is near zero (q ≈ N(0, I) would hide errors).
      const vars = g.trainableVariables();
      const out = vars[vars.length - 2]!;
      out.assign(tf.mul(tf.randomNormal(out.shape, 0, 0.3, 'float32', 7), 1));
      const bias = vars[vars.length - 1]!;
      bias.assign(tf.randomNormal(bias.shape, 0, 0.3, 'float32', 8));
      const y = tf.randomNormal([B, D], 0, 1, 'float32', 1) as tf.Tensor2D;
      const c = tf.randomNormal([B, C], 0, 1, 'float32', 2) as tf.Tensor2D;
      const ref = g.logProb(y, c).dataSync();
      const fast = new WhitenedGaussian(g, activation);
      const train = fast.logProb(y, c).dataSync();
      // Prepared: 3 data rows, each context paired with row b % 3.
      const yData = y.dataSync() as Float32Array;
      const x3 = yData.slice(0, 3 * D);
      const rows = Int32Array.from({ length: B }, (_, b) => b % 3);
      const yPaired = tf.tensor2d(Float32Array.from({ length: B * D }, (_, k) => x3[(k / D | 0) % 3 * D + (k % D)]!), [B, D]);
      const refPaired = g.logProb(yPaired, c).dataSync();
      const prepared = fast.prepare(x3);
      const fromPrepared = fast.logProbPrepared(prepared, c.dataSync() as Float32Array, C, rows);
      prepared.dispose();
      for (let b = 0; b < B; b++) {
        expect(Math.abs(ref[b]! - train[b]!), `${activation} train row ${b}: ${train[b]} vs ${ref[b]}`).toBeLessThan(1e-3 * (1 + Math.abs(ref[b]!)));
        expect(Math.abs(refPaired[b]! - fromPrepared[b]!), `${activation} prepared row ${b}`).toBeLessThan(1e-3 * (1 + Math.abs(refPaired[b]!)));
      }
      fast.dispose();
      g.dispose();
    }
  });
});
