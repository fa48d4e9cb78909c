/**
 * toSpec / createDensityEstimator round trip: the rebuilt estimator gives bit-identical logProb and
 * samples, also after the weights went through a plain number[] (as JSON would carry them). Fresh
 * construction is deterministic in the seed. Bad shapes and bad specs fail with messages that say
 * what was expected.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { perturbWeights, setupBackend, tf } from './helpers.js';
import { createDensityEstimator, type AnyDensitySpec } from '../../../src/nn/density/index.js';
import { standardNormalArray } from '../../../src/nn/density/random.js';

beforeAll(async () => {
  await setupBackend();
});

const base = { dim: 2, contextDim: 3, hidden: [8, 8], seed: 4 };
const specs: { name: string; spec: AnyDensitySpec }[] = [
  { name: 'diag-gaussian', spec: { kind: 'diag-gaussian', config: base } },
  { name: 'full-gaussian', spec: { kind: 'full-gaussian', config: base } },
  { name: 'mdn', spec: { kind: 'mdn', config: { ...base, components: 3, covariance: 'full' } } },
  { name: 'affine-coupling', spec: { kind: 'affine-coupling', config: { ...base, layers: 2 } } },
  { name: 'maf', spec: { kind: 'maf', config: { ...base, layers: 2 } } },
  { name: 'spline-flow (coupling)', spec: { kind: 'spline-flow', config: { ...base, layers: 2, bins: 4 } } },
  { name: 'spline-flow (coupling, LU linear)', spec: { kind: 'spline-flow', config: { ...base, layers: 2, bins: 4, linear: true } } },
  {
    name: 'spline-flow (autoregressive)',
    spec: { kind: 'spline-flow', config: { ...base, layers: 2, bins: 4, structure: 'autoregressive' } },
  },
  {
    name: 'ensemble (MAF + spline flow)',
    spec: {
      kind: 'ensemble',
      config: { ...base, members: [{ kind: 'maf', config: { hidden: [8, 8], layers: 2 } }, { kind: 'spline-flow', config: { hidden: [8, 8], layers: 2, bins: 4 } }] },
    },
  },
];

const y = () => tf.tensor2d(standardNormalArray(20 * 2, 1), [20, 2]);
const c = () => tf.tensor2d(standardNormalArray(20 * 3, 2), [20, 3]);

function logProbOf(est: ReturnType<typeof createDensityEstimator>): Float32Array {
  return tf.tidy(() => est.logProb(y(), c()).dataSync() as Float32Array);
}

function samplesOf(est: ReturnType<typeof createDensityEstimator>): Float32Array {
  return tf.tidy(() => est.sample(5, c(), 9).dataSync() as Float32Array);
}

describe.each(specs)('$name', ({ spec }) => {
  it('round-trips through toSpec and plain arrays with identical logProb and samples', () => {
    const est = createDensityEstimator(spec);
    perturbWeights(est, 0.3, 1);
    const saved = est.toSpec();
    expect(saved.kind).toBe(spec.kind);
    const viaJson = JSON.parse(JSON.stringify({ ...saved, weights: saved.weights!.map((w) => Array.from(w)) }));
    const rebuilt = createDensityEstimator({ ...viaJson, weights: viaJson.weights.map((w: number[]) => Float32Array.from(w)) });
    expect(logProbOf(rebuilt)).toEqual(logProbOf(est));
    expect(samplesOf(rebuilt)).toEqual(samplesOf(est));
    est.dispose();
    rebuilt.dispose();
  });

  it('is deterministic in its seed and different across seeds', () => {
    const a = createDensityEstimator(spec);
    const b = createDensityEstimator(spec);
    const other = createDensityEstimator({ ...spec, config: { ...spec.config, seed: 5 } } as AnyDensitySpec);
    expect(logProbOf(a)).toEqual(logProbOf(b));
    expect(logProbOf(a)).not.toEqual(logProbOf(other));
    [a, b, other].forEach((e) => e.dispose());
  });

  it('rejects mis-shaped inputs and weights with actionable messages', () => {
    const est = createDensityEstimator(spec);
    tf.tidy(() => {
      expect(() => est.logProb(tf.zeros([4, 3]) as tf.Tensor2D, tf.zeros([4, 3]) as tf.Tensor2D)).toThrow(/\(B, 2\)/);
      expect(() => est.logProb(tf.zeros([4, 2]) as tf.Tensor2D, tf.zeros([4, 1]) as tf.Tensor2D)).toThrow(/\(B, 3\)/);
      expect(() => est.logProb(tf.zeros([4, 2]) as tf.Tensor2D, null)).toThrow(/context/);
      expect(() => est.logProb(tf.zeros([4, 2]) as tf.Tensor2D, tf.zeros([5, 3]) as tf.Tensor2D)).toThrow(/rows/);
    });
    const weights = est.toSpec().weights!;
    expect(() => createDensityEstimator({ ...spec, weights: weights.slice(1) } as AnyDensitySpec)).toThrow(/weight arrays/);
    est.dispose();
  });
});

it('unknown kinds are refused with the list of known ones', () => {
  expect(() => createDensityEstimator({ kind: 'nope', config: base } as unknown as AnyDensitySpec)).toThrow(
    /unknown kind 'nope'.*spline-flow/,
  );
});

it('a spline flow refuses settings it would otherwise misread, saying which and what it got', () => {
  const spline = (extra: Record<string, unknown>) => () => createDensityEstimator({ kind: 'spline-flow', config: { ...base, ...extra } } as AnyDensitySpec);
  expect(spline({ structure: 'autoregresive' })).toThrow(/structure must be 'coupling' or 'autoregressive', got "autoregresive"/);
  expect(spline({ layers: 0 })).toThrow(/layers must be a whole number ≥ 1, got 0/);
  expect(spline({ layers: 2.5 })).toThrow(/layers must be a whole number ≥ 1, got 2.5/);
  expect(spline({ linear: 'yes' })).toThrow(/linear must be true or false, got "yes"/);
  expect(spline({ affine: 1 })).toThrow(/affine must be true or false, got 1/);
  expect(() => spline({ layers: 1, structure: 'autoregressive', linear: true })().dispose()).not.toThrow();
});
