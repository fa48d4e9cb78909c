/**
 * Every flow is a bijection: forward∘inverse ≈ id and inverse∘forward ≈ id within 1e-4 (the latter
 * weighted where the map is nearly flat, see below), and
 * sample(n, c, seed) is exactly the inverse of the documented base noise baseNoise(B·n, D, seed),
 * so forward(sample) recovers that noise. Weights are perturbed (σ = 0.3) so the maps are far
 * from the near-identity initialisation. D = 3 with a 2-D context, and D = 1 (the degenerate
 * coupling case, conditioned on the context only).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { perturbWeights, setupBackend, tf } from './helpers.js';
import { baseNoise, createDensityEstimator, type AnyDensitySpec, type ConditionalFlow } from '../../../src/nn/density/index.js';
import { standardNormalArray } from '../../../src/nn/density/random.js';

beforeAll(async () => {
  await setupBackend();
});

function flowSpecs(dim: number, contextDim: number): { name: string; spec: AnyDensitySpec }[] {
  const base = { dim, contextDim, hidden: [16, 16], seed: 5 };
  return [
    { name: `affine coupling D=${dim}`, spec: { kind: 'affine-coupling', config: { ...base, layers: 4 } } },
    { name: `MAF D=${dim}`, spec: { kind: 'maf', config: { ...base, layers: 3 } } },
    { name: `spline coupling D=${dim}`, spec: { kind: 'spline-flow', config: { ...base, layers: 3, bins: 6 } } },
    { name: `spline coupling + LU linear D=${dim}`, spec: { kind: 'spline-flow', config: { ...base, layers: 3, bins: 6, linear: true } } },
    {
      name: `spline autoregressive D=${dim}`,
      spec: { kind: 'spline-flow', config: { ...base, layers: 2, bins: 6, structure: 'autoregressive' } },
    },
    {
      name: `spline autoregressive + LU linear D=${dim}`,
      spec: { kind: 'spline-flow', config: { ...base, layers: 2, bins: 6, structure: 'autoregressive', linear: true } },
    },
  ];
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe.each([...flowSpecs(3, 2), ...flowSpecs(1, 2)])('$name', ({ spec }) => {
  it('forward∘inverse and inverse∘forward are the identity within 1e-4', () => {
    const flow = createDensityEstimator(spec) as ConditionalFlow;
    perturbWeights(flow, 0.3, 11);
    const b = 128;
    const d = flow.dim;
    tf.tidy(() => {
      // 1.5× standard normal: some coordinates fall outside the spline bound (tails are tested too).
      const y = tf.mul(tf.tensor2d(standardNormalArray(b * d, 1), [b, d]), 1.5) as tf.Tensor2D;
      const c = tf.tensor2d(standardNormalArray(b * 2, 2), [b, 2]);
      const { z, logDet } = flow.forward(y, c);
      // Where the map is very flat (|det ∂z/∂y| ≪ 1, seen down to 3e-5 for perturbed splines) y is
      // ill-determined by a float32 z, so the y-error is weighted by min(1, |det|) — the size it
      // has in z units. Elsewhere this is the plain 1e-4 bound.
      const weight = tf.minimum(tf.exp(logDet), 1).reshape([b, 1]);
      expect(tf.max(tf.mul(tf.abs(tf.sub(flow.inverse(z, c), y)), weight)).dataSync()[0]!).toBeLessThan(1e-4);
      const z2 = tf.tensor2d(standardNormalArray(b * d, 3), [b, d]);
      expect(maxAbsDiff(flow.forward(flow.inverse(z2, c), c).z, z2)).toBeLessThan(1e-4);
      // The perturbation really made the map non-trivial.
      expect(maxAbsDiff(z, y)).toBeGreaterThan(0.05);
      expect(tf.max(tf.abs(logDet)).dataSync()[0]!).toBeGreaterThan(0.01);
    });
    flow.dispose();
  });

  it('sample → forward recovers the seeded base noise within 1e-4', () => {
    const flow = createDensityEstimator(spec) as ConditionalFlow;
    perturbWeights(flow, 0.3, 12);
    const n = 16;
    tf.tidy(() => {
      const c = tf.tensor2d(standardNormalArray(3 * 2, 4), [3, 2]);
      const draws = flow.sample(n, c, 77);
      expect(draws.shape).toEqual([3, n, flow.dim]);
      const cRep = tf.reshape(tf.tile(tf.expandDims(c, 1), [1, n, 1]), [3 * n, 2]) as tf.Tensor2D;
      const { z } = flow.forward(tf.reshape(draws, [3 * n, flow.dim]) as tf.Tensor2D, cRep);
      expect(maxAbsDiff(z, baseNoise(3 * n, flow.dim, 77))).toBeLessThan(1e-4);
    });
    flow.dispose();
  });
});

describe('memory', () => {
  it('logProb and sample leave no tensors behind', () => {
    const flow = createDensityEstimator(flowSpecs(3, 2)[2]!.spec);
    const y = tf.zeros([8, 3]) as tf.Tensor2D;
    const c = tf.zeros([8, 2]) as tf.Tensor2D;
    flow.logProb(y, c).dispose();
    flow.sample(2, c, 1).dispose();
    const before = tf.memory().numTensors;
    flow.logProb(y, c).dispose();
    flow.sample(2, c, 1).dispose();
    expect(tf.memory().numTensors).toBe(before);
    flow.dispose();
    tf.dispose([y, c]);
  });
});
