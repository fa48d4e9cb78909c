/**
 * The fast full-covariance Gaussian path (src/nn/density/whitened-gaussian.ts), which is
 * FullGaussian's own logProb, computes the same function as the generic mixture head (an MDN with
 * one full-covariance component and the same weights): in training form, and in the prepared
 * (per-data-set precomputed) form NLE uses at inference. Random weights made large enough that
 * every term matters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNeuralBackend, tf } from '../../../src/nn/index.js';
import { FullGaussian, MixtureDensityNetwork } from '../../../src/nn/density/index.js';

beforeAll(async () => {
  await initNeuralBackend();
});

describe('WhitenedGaussian', () => {
  it('FullGaussian.logProb and the prepared form equal the generic head (relu and tanh)', () => {
    for (const activation of ['relu', 'tanh'] as const) {
      const D = 7, C = 2, B = 12;
      const g = new FullGaussian({ dim: D, contextDim: C, hidden: [9, 5], activation, seed: 4 });
      // Scale the output layer up: the initial one is near zero (q ≈ N(0, I) would hide errors).
      const vars = g.trainableVariables();
      const out = vars[vars.length - 2]!;
      out.assign(tf.randomNormal(out.shape, 0, 0.3, 'float32', 7));
      const bias = vars[vars.length - 1]!;
      bias.assign(tf.randomNormal(bias.shape, 0, 0.3, 'float32', 8));
      const generic = MixtureDensityNetwork.fromSpec({
        kind: 'mdn',
        config: { dim: D, contextDim: C, hidden: [9, 5], activation, seed: 4, components: 1, covariance: 'full' },
        weights: g.toSpec().weights,
      });
      const y = tf.randomNormal([B, D], 0, 1, 'float32', 1) as tf.Tensor2D;
      const c = tf.randomNormal([B, C], 0, 1, 'float32', 2) as tf.Tensor2D;
      const ref = generic.logProb(y, c).dataSync();
      const train = g.logProb(y, c).dataSync();
      // Prepared: 3 data rows, each context paired with row b % 3.
      const yData = y.dataSync() as Float32Array;
      const x3 = yData.slice(0, 3 * D);
      const rows = Int32Array.from({ length: B }, (_, b) => b % 3);
      const yPaired = tf.tensor2d(Float32Array.from({ length: B * D }, (_, k) => x3[(k / D | 0) % 3 * D + (k % D)]!), [B, D]);
      const refPaired = generic.logProb(yPaired, c).dataSync();
      const prepared = g.whitened.prepare(x3);
      const fromPrepared = g.whitened.logProbPrepared(prepared, c.dataSync() as Float32Array, C, rows);
      prepared.dispose();
      for (let b = 0; b < B; b++) {
        expect(Math.abs(ref[b]! - train[b]!), `${activation} train row ${b}: ${train[b]} vs ${ref[b]}`).toBeLessThan(1e-3 * (1 + Math.abs(ref[b]!)));
        expect(Math.abs(refPaired[b]! - fromPrepared[b]!), `${activation} prepared row ${b}`).toBeLessThan(1e-3 * (1 + Math.abs(refPaired[b]!)));
      }
      // The gradient the trainer takes flows through the fast path too, and matches the generic one.
      const gradOf = (q: { logProb: (y: tf.Tensor2D, c: tf.Tensor2D) => tf.Tensor1D; trainableVariables(): tf.Variable[] }) =>
        tf.variableGrads(() => tf.neg(tf.mean(q.logProb(y, c))) as tf.Scalar, q.trainableVariables());
      const gFast = gradOf(g);
      const gRef = gradOf(generic);
      const fastGrads = g.trainableVariables().map((v) => gFast.grads[v.name]!.dataSync());
      const refGrads = generic.trainableVariables().map((v) => gRef.grads[v.name]!.dataSync());
      fastGrads.forEach((gf, l) => {
        const gr = refGrads[l]!;
        const scale = Math.max(...Array.from(gr, Math.abs), 1e-6);
        for (let i = 0; i < gr.length; i++) expect(Math.abs(gf[i]! - gr[i]!), `${activation} grad ${l}[${i}]`).toBeLessThan(1e-3 * scale);
      });
      generic.dispose();
      g.dispose();
    }
  });
});
