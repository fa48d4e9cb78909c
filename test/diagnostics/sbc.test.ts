import { describe, expect, it } from 'vitest';
import { runSbc, sbc, sbcRanks, simulateCalibrationData, simultaneousEcdfBands, ecdfTestPValue } from '../../src/diagnostics/index.js';
import { createRng } from '../../src/runtime/rng.js';
import { sampler, simulator } from './normal-normal.js';

// N = 1000 simulations, L = 99 draws: 20 bins of 50 expected ranks each.
const N = 1000, L = 99;
const data = (scale: number, dim = 1) =>
  simulateCalibrationData({ simulate: simulator(dim), sample: sampler(dim, scale), nSims: N, nDraws: L, seed: 11 });

describe('SBC on a conjugate normal–normal model', () => {
  it('finds exact posterior draws uniform by all three tests', () => {
    const res = sbc(data(1, 2), { seed: 3 });
    expect(res.ranks.maxRank).toBe(L);
    for (const p of res.parameters) {
      expect(p.chiSquare.df).toBe(19);
      expect(p.chiSquare.pValue).toBeGreaterThan(0.01);
      expect(p.ks.pValue).toBeGreaterThan(0.01);
      expect(p.ecdf.pValue).toBeGreaterThan(0.01);
      expect(p.histogram.counts.reduce((a, b) => a + b, 0)).toBe(N);
      expect(p.ecdf.outside).toBe(0);
    }
  });

  it('detects an over-dispersed sampler (sd × 1.5) with a ∩-shaped histogram', () => {
    const [p] = sbc(data(1.5), { seed: 3 }).parameters;
    expect(p!.chiSquare.pValue).toBeLessThan(1e-6);
    expect(p!.ecdf.pValue).toBeLessThan(0.01);
    expect(p!.ecdf.outside).toBeGreaterThan(0);
    const c = p!.histogram.counts, e = p!.histogram.expected;
    // Too wide: truths sit in the middle of the draws, so edge bins are empty-ish.
    expect(c[0]! + c[19]!).toBeLessThan(0.5 * (e[0]! + e[19]!));
    expect(c[9]! + c[10]!).toBeGreaterThan(e[9]! + e[10]!);
  });

  it('detects an under-dispersed sampler (sd × 0.6) with a ∪-shaped histogram', () => {
    const [p] = sbc(data(0.6), { seed: 3 }).parameters;
    expect(p!.chiSquare.pValue).toBeLessThan(1e-6);
    expect(p!.ks.pValue).toBeLessThan(0.01);
    expect(p!.ecdf.pValue).toBeLessThan(0.01);
    const c = p!.histogram.counts, e = p!.histogram.expected;
    expect(c[0]! + c[19]!).toBeGreaterThan(2 * (e[0]! + e[19]!));
  });

  it('runs end to end from a simulator and a sampler, deterministically', () => {
    const opts = { simulate: simulator(1), sample: sampler(1), nSims: 200, nDraws: 39, seed: 5 };
    const a = runSbc(opts), b = runSbc(opts);
    expect(Array.from(a.ranks.ranks)).toEqual(Array.from(b.ranks.ranks));
    expect(a.parameters[0]!.chiSquare.pValue).toBe(b.parameters[0]!.chiSquare.pValue);
  });

  it('thins draws and breaks ties at random so discrete ranks stay uniform', () => {
    // Truth and 19 draws i.i.d. uniform on {0, 1, 2}: exchangeable, so randomised ranks are uniform.
    const rng = createRng(8);
    const n = 2000, s = 38;
    const truths = Float64Array.from({ length: n }, () => rng.int(3));
    const draws = Float64Array.from({ length: n * s }, () => rng.int(3));
    const ranks = sbcRanks({ truths, draws, nSims: n, nDraws: s, dim: 1 }, { thin: 2, seed: 1 });
    expect(ranks.maxRank).toBe(19);
    const res = sbc({ truths, draws, nSims: n, nDraws: s, dim: 1 }, { thin: 2, seed: 1, bins: 20 });
    expect(res.parameters[0]!.chiSquare.pValue).toBeGreaterThan(0.01);
  });
});

describe('simultaneous ECDF bands (Säilynoja et al. 2022)', () => {
  it('hold with probability ≈ 1 − α under uniformity', () => {
    // 1000 fresh uniform samples of size 200; the share leaving the 95% band is Binomial(1000, 0.05)/1000
    // if the band is right: SE 0.0069, so accept within ±3 SE of 0.05.
    const n = 200, z = Float64Array.from({ length: 49 }, (_, k) => (k + 1) / 50);
    const bands = simultaneousEcdfBands(n, z, { alpha: 0.05, seed: 1 });
    const rng = createRng(99);
    let outside = 0, smallP = 0;
    for (let rep = 0; rep < 1000; rep++) {
      const u = Float64Array.from({ length: n }, () => rng.uniform()).sort();
      const counts = Array.from(z, (zk) => u.filter((v) => v <= zk).length);
      if (counts.some((c, k) => c / n < bands.lower[k]! || c / n > bands.upper[k]!)) outside++;
      if (ecdfTestPValue(bands, counts) <= 0.05) smallP++;
    }
    expect(Math.abs(outside / 1000 - 0.05)).toBeLessThan(3 * 0.0069);
    expect(Math.abs(smallP / 1000 - 0.05)).toBeLessThan(3 * 0.0069);
  });
});
