/** RNG: reproducibility, serialization, split independence, and the moments of each primitive. */
import { describe, expect, it } from 'vitest';
import { createRng, rngFromState } from '../../src/runtime/rng.js';
import { normalCdf } from '../../src/runtime/special.js';
import { chiSquareTest, continuousGoodnessOfFit, sampleMoments } from '../../src/testing/statistics.js';

const N = 100_000;

function draw(n: number, f: () => number): Float64Array {
  return Float64Array.from({ length: n }, f);
}

describe('createRng', () => {
  it('gives the same stream for the same seed, and different streams for different seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = draw(100, () => a.uniform());
    expect(Array.from(draw(100, () => b.uniform()))).toEqual(Array.from(sa));
    expect(Array.from(draw(100, () => c.uniform()))).not.toEqual(Array.from(sa));
    expect(createRng('chain-1').uniform()).toBe(createRng('chain-1').uniform());
    expect(createRng('chain-1').uniform()).not.toBe(createRng('chain-2').uniform());
    expect(createRng(7n).uniform()).toBe(createRng(7).uniform());
  });

  it('uniform() lies in the open interval (0, 1) with mean 1/2 and variance 1/12', () => {
    const r = createRng(1);
    const xs = draw(N, () => r.uniform());
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
    const m = sampleMoments(xs);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    // Var of (U - 1/2)² is 1/80 - 1/144.
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it('normal() has mean 0, variance 1, and Gaussian fourth moment 3', () => {
    const r = createRng(2);
    const m = sampleMoments(draw(N, () => r.normal()));
    expect(Math.abs(m.mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(m.variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(m.m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / N)); // Var(Z⁴) = 105 - 9
  });

  it('normal() passes χ² against the Gaussian density, and its tails (ziggurat base strip) have the right mass', () => {
    const r = createRng(21);
    const n = 400_000;
    const xs = draw(n, () => r.normal());
    const pilot = draw(5000, () => r.normal());
    const gof = continuousGoodnessOfFit((x) => -0.5 * x * x - 0.5 * Math.log(2 * Math.PI), xs, pilot, 60);
    expect(gof.pValue).toBeGreaterThan(1e-5);
    for (const t of [1, 2.5, 3.442619855899, 4]) {
      const p = 2 * normalCdf(-t);
      const count = xs.reduce((c, x) => c + (Math.abs(x) > t ? 1 : 0), 0);
      expect(Math.abs(count - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
    }
  });

  it.each([0.1, 0.5, 1, 3.7, 50])('gamma(%s) has mean and variance equal to the shape', (shape) => {
    const r = createRng(3);
    const m = sampleMoments(draw(N, () => r.gamma(shape)));
    expect(Math.abs(m.mean - shape)).toBeLessThan(5 * Math.sqrt(shape / N));
    // Var of the sample variance: (μ4 - σ⁴)/n with μ4 = 3k² + 6k for Gamma(k).
    expect(Math.abs(m.variance - shape)).toBeLessThan(5 * Math.sqrt((3 * shape * shape + 6 * shape - shape * shape) / N));
  });

  it.each([[10, 0.3], [1000, 0.02], [1_000_000, 0.6]])('binomial(%s, %s) has mean np and variance np(1-p)', (n, p) => {
    const r = createRng(5);
    const m = sampleMoments(draw(N, () => r.binomial(n, p)));
    const v = n * p * (1 - p);
    expect(Math.abs(m.mean - n * p)).toBeLessThan(5 * Math.sqrt(v / N));
    expect(Math.abs(m.variance - v)).toBeLessThan(5 * Math.sqrt((m.m4 - v * v) / N));
  });

  it('binomial: edge cases and invalid arguments', () => {
    const r = createRng(6);
    expect(r.binomial(0, 0.5)).toBe(0);
    expect(r.binomial(7, 1)).toBe(7);
    expect(r.binomial(7, 0)).toBe(0);
    expect(r.binomial(2.5, 0.5)).toBeNaN();
    expect(r.binomial(3, 1.5)).toBeNaN();
  });

  it('int(n) is uniform on {0, ..., n-1} (χ²), including n = 1 and n > 2^32', () => {
    const r = createRng(4);
    for (const n of [7, 10, 1000]) {
      const counts = new Array<number>(n).fill(0);
      for (let i = 0; i < 50 * n + 20_000; i++) counts[r.int(n)]!++;
      const total = counts.reduce((s, c) => s + c, 0);
      expect(chiSquareTest(counts, new Array(n).fill(1 / n), total).pValue).toBeGreaterThan(1e-4);
    }
    expect(r.int(1)).toBe(0);
    const big = 3 * 2 ** 40 + 1;
    const xs = draw(20_000, () => r.int(big));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < big)).toBe(true);
    expect(Math.abs(sampleMoments(xs).mean / big - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / 20_000));
    expect(() => r.int(0)).toThrow(/positive/);
  });

  it('serialize/rngFromState continues the exact stream', () => {
    const r = createRng('worker');
    r.uniform();
    r.normal();
    const copy = rngFromState(r.serialize());
    for (let i = 0; i < 50; i++) {
      expect(copy.normal()).toBe(r.normal());
      expect(copy.uniform()).toBe(r.uniform());
    }
    expect(() => rngFromState({ algorithm: 'mt19937', state: '' })).toThrow(/unknown algorithm/);
    expect(() => rngFromState({ algorithm: r.serialize().algorithm, state: '1,2,3' })).toThrow(/malformed/);
  });
});

describe('split', () => {
  it('is deterministic and does not depend on how the child is used', () => {
    const p1 = createRng(9);
    const p2 = createRng(9);
    const c1 = p1.split();
    const c2 = p2.split();
    for (let i = 0; i < 1000; i++) c1.uniform(); // use only the first child
    expect(c2.uniform()).toBe(createRng(9).split().uniform());
    expect(p1.uniform()).toBe(p2.uniform());
  });

  it('gives streams uncorrelated with each other and with the parent', () => {
    const parent = createRng(10);
    const kids = parent.splitN(4);
    const n = 50_000;
    const streams = [...kids, parent].map((r) => draw(n, () => r.normal()));
    for (let i = 0; i < streams.length; i++) {
      for (let j = i + 1; j < streams.length; j++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += streams[i]![t]! * streams[j]![t]!;
        // Correlation of independent standard normals has SE 1/√n.
        expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
      }
    }
    // Lag-1 correlation inside one child stream, too.
    let lag = 0;
    for (let t = 1; t < n; t++) lag += streams[0]![t]! * streams[0]![t - 1]!;
    expect(Math.abs(lag / n)).toBeLessThan(5 / Math.sqrt(n));
  });

  it('children of children differ from their siblings', () => {
    const r = createRng(11);
    const a = r.split();
    const b = r.split();
    const aa = a.split();
    const values = [a, b, aa].map((s) => s.uniform());
    expect(new Set(values).size).toBe(3);
  });
});
