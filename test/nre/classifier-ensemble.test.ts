/**
 * The ratio classifier as an ensemble: its logit is the members' mean, members start from different
 * weights, a single member is the plain classifier (same weights, same names), and each member
 * trains on its own shuffled pairs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RatioClassifier, memberOffsets } from '../../src/backends/nre/index.js';
import { initNeuralBackend, mlpConfig, Standardizer, tf } from '../../src/nn/index.js';

beforeAll(async () => {
  await initNeuralBackend();
});

const P = 2, C = 3;
const config = mlpConfig({ inputDim: P + C, outputDim: 1, hidden: [8, 8], seed: 5 });
const uStd = () => Standardizer.fit(Float64Array.of(0, 1, 2, -1, 1, 3, -2, 0), P);

describe('RatioClassifier ensemble', () => {
  it('logits are the mean of the members’ MLP outputs on the standardised input', () => {
    const clf = new RatioClassifier(config, uStd(), 3);
    const u = Float64Array.of(0.3, -1.2, 2, 0.5, -0.7, 0.1);
    const s = Float32Array.of(0.1, 0.2, 0.3, -1, 0, 1);
    const targets = Int32Array.of(0, 1, 1);
    const got = clf.logits(u, s, targets);
    const rows: number[][] = [];
    for (let i = 0; i < 3; i++) {
      const z = [0, 1].map((j) => (u[i * P + j]! - clf.uStd.mean[j]!) / clf.uStd.std[j]!);
      rows.push([...z, ...Array.from(s.subarray(targets[i]! * C, (targets[i]! + 1) * C))]);
    }
    const each = clf.mlps.map((mlp) => tf.tidy(() => Array.from(mlp.apply(tf.tensor2d(rows)).dataSync())));
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo((each[0]![i]! + each[1]![i]! + each[2]![i]!) / 3, 5);
    // Members start apart: their outputs differ.
    expect(Math.abs(each[0]![0]! - each[1]![0]!)).toBeGreaterThan(1e-3);
    clf.dispose();
  });

  it('one member is the plain classifier: member 0 keeps the seed and the weight names', () => {
    const one = new RatioClassifier(config, uStd(), 1);
    const three = new RatioClassifier(config, uStd(), 3);
    const names1 = one.weights().map((w) => w.name);
    const names3 = three.weights().map((w) => w.name);
    expect(names3.slice(0, names1.length)).toEqual(names1);
    expect(names3.length).toBe(3 * names1.length);
    expect(new Set(names3).size).toBe(names3.length);
    expect(names3[names1.length]).toMatch(/^member1\//);
    one.weights().forEach((w, i) => expect(w.variable.dataSync()).toEqual(three.weights()[i]!.variable.dataSync()));
    one.dispose();
    three.dispose();
  });

  it('refuses an ensemble size that is not a whole number ≥ 1', () => {
    expect(() => new RatioClassifier(config, uStd(), 0)).toThrow(/ensemble must be a whole number ≥ 1, got 0/);
    expect(() => new RatioClassifier(config, uStd(), 1.5)).toThrow(/got 1.5/);
  });
});

describe('memberOffsets', () => {
  it('offset 0 is the joint pair; member 0 takes 1..K−1 (the single classifier’s pairs); members do not share offsets while they fit', () => {
    expect(memberOffsets(0, 1, 128)).toEqual([0, 1]);
    expect(memberOffsets(0, 9, 128)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(memberOffsets(2, 1, 128)).toEqual([0, 3]);
    const used = [0, 1, 2, 3].flatMap((m) => memberOffsets(m, 9, 128).slice(1));
    expect(new Set(used).size).toBe(36);
  });

  it('shuffled offsets stay in 1..B−1 (never the joint pair) when members outnumber the rows', () => {
    for (const B of [2, 3, 7]) {
      for (let m = 0; m < 6; m++) {
        for (const k of memberOffsets(m, Math.min(4, B - 1), B).slice(1)) {
          expect(k).toBeGreaterThanOrEqual(1);
          expect(k).toBeLessThanOrEqual(B - 1);
        }
      }
    }
  });
});
