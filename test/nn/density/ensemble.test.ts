/**
 * The equal-weight ensemble: its density is the members' mixture, its training objective their mean
 * log-density (each member trained on its own likelihood), and its draws are exactly the members'
 * own draws in stratified numbers, shuffled so that any prefix mixes the members.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { perturbWeights, setupBackend, tf } from './helpers.js';
import { createDensityEstimator, DensityEnsemble, type AnyDensitySpec } from '../../../src/nn/density/index.js';
import { childSeed, standardNormalArray } from '../../../src/nn/density/random.js';

beforeAll(async () => {
  await setupBackend();
});

const spec: AnyDensitySpec = {
  kind: 'ensemble',
  config: {
    dim: 2,
    contextDim: 1,
    seed: 3,
    members: [
      { kind: 'maf', config: { hidden: [8, 8], layers: 2 } },
      { kind: 'mdn', config: { hidden: [8, 8], components: 2 } },
      { kind: 'spline-flow', config: { hidden: [8, 8], layers: 2, bins: 4 } },
    ],
  },
};

describe('density ensemble', () => {
  const ens = createDensityEstimator(spec) as DensityEnsemble;
  perturbWeights(ens, 0.3, 5);
  const y = tf.tensor2d(standardNormalArray(30 * 2, 1), [30, 2]);
  const c = tf.tensor2d(standardNormalArray(30, 2), [30, 1]);

  it('log q is the log of the members’ mean density; the training objective is their mean log density', () => {
    const each = ens.members.map((m) => Array.from(m.logProb(y, c).dataSync()));
    const lp = Array.from(ens.logProb(y, c).dataSync());
    const train = Array.from(ens.trainingLogProb(y, c).dataSync());
    lp.forEach((v, i) => {
      const col = each.map((e) => e[i]!);
      const peak = Math.max(...col);
      const mixture = peak + Math.log(col.reduce((s, x) => s + Math.exp(x - peak), 0) / col.length);
      expect(v).toBeCloseTo(mixture, 4);
      expect(train[i]).toBeCloseTo(col.reduce((s, x) => s + x, 0) / col.length, 4);
      // Jensen: the mixture's log density is at least the mean of the members' (strictly, unless equal).
      expect(v).toBeGreaterThanOrEqual(train[i]! - 1e-5);
    });
  });

  it('draws are the members’ own draws, ⌊n/M⌋ or ⌈n/M⌉ each, in shuffled order', () => {
    const n = 100;
    const ctx = tf.tensor2d([0.4], [1, 1]);
    const draws = Array.from(ens.sample(n, ctx, 11).dataSync());
    const key = (a: ArrayLike<number>, i: number) => `${a[2 * i]},${a[2 * i + 1]}`;
    const owner = new Map<string, number>();
    const counts = [34, 33, 33];
    ens.members.forEach((m, k) => {
      const own = m.sample(counts[k]!, ctx, childSeed(11, k)).dataSync();
      for (let i = 0; i < counts[k]!; i++) owner.set(key(own, i), k);
    });
    const seen = draws.filter((_, i) => i % 2 === 0).map((_, i) => owner.get(key(draws, i)));
    expect(seen.every((k) => k !== undefined)).toBe(true);
    expect([0, 1, 2].map((k) => seen.filter((s) => s === k).length)).toEqual(counts);
    // Shuffled: the first 30 draws come from every member.
    expect(new Set(seen.slice(0, 30)).size).toBe(3);
  });

  it('refuses fewer than two members and nested ensembles', () => {
    const one = { ...spec, config: { ...spec.config, members: [{ kind: 'maf', config: { hidden: [8], layers: 1 } }] } } as AnyDensitySpec;
    expect(() => createDensityEstimator(one)).toThrow(/at least 2 members, got 1/);
    const nested = { ...spec, config: { ...spec.config, members: [spec, spec] } } as unknown as AnyDensitySpec;
    expect(() => createDensityEstimator(nested)).toThrow(/cannot itself be an ensemble/);
  });
});
