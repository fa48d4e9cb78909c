/** NRE's losses on hand-computed values, and their minimisers. */
import { beforeAll, describe, expect, it } from 'vitest';
import { bceLoss, contrastiveLoss } from '../../src/backends/nre/index.js';
import { initNeuralBackend, tf } from '../../src/nn/index.js';

beforeAll(async () => {
  await initNeuralBackend();
});

const softplus = (z: number) => Math.log1p(Math.exp(z));

describe('NRE losses', () => {
  it('bceLoss = ½ mean softplus(−joint) + ½ mean softplus(marginal)', () => {
    const joint = [2, -1, 0.5];
    const marginal = [-3, 1, 0];
    const got = tf.tidy(() => bceLoss(tf.tensor1d(joint), tf.tensor1d(marginal)).dataSync()[0]!);
    const want = 0.5 * (joint.reduce((s, z) => s + softplus(-z), 0) / 3 + marginal.reduce((s, z) => s + softplus(z), 0) / 3);
    expect(got).toBeCloseTo(want, 5);
  });

  it('bce is minimised by the log ratio: for joint:marginal odds r, the best constant logit is log r', () => {
    // Where joint pairs are r = 3 times as dense as marginal ones, the expected loss at logit d is
    // ∝ r·softplus(−d) + softplus(d), minimised at σ(d) = r/(r + 1), i.e. d = log r.
    const r = 3;
    const loss = (d: number) => r * softplus(-d) + softplus(d);
    let best = 0;
    for (let d = -5; d <= 5; d += 0.001) if (loss(d) < loss(best)) best = d;
    expect(best).toBeCloseTo(Math.log(r), 2);
  });

  it('contrastiveLoss = mean(logsumexp(row) − row[0])', () => {
    const logits = [[1, 0, -1], [0.2, 2, 0.5]];
    const got = tf.tidy(() => contrastiveLoss(tf.tensor2d(logits)).dataSync()[0]!);
    const lse = (r: number[]) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0));
    const want = logits.reduce((s, r) => s + lse(r) - r[0]!, 0) / 2;
    expect(got).toBeCloseTo(want, 5);
  });

  it('contrastiveLoss is invariant to a per-row constant (the c(x) NRE-B cannot identify)', () => {
    const a = tf.tidy(() => contrastiveLoss(tf.tensor2d([[1, 0, -1], [0.2, 2, 0.5]])).dataSync()[0]!);
    const b = tf.tidy(() => contrastiveLoss(tf.tensor2d([[11, 10, 9], [-4.8, -3, -4.5]])).dataSync()[0]!);
    expect(b).toBeCloseTo(a, 4);
  });
});
