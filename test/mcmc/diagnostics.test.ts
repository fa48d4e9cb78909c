import { describe, expect, it } from 'vitest';
import {
  autocovariance, essBasic, essBulk, essTail, mcseMean, mcseQuantile, normalQuantile, rankNormalize, rhat, rhatBasic,
} from '../../src/diagnostics/mcmc/index.js';
import { createRng } from '../../src/runtime/rng.js';

function iidChains(m: number, n: number, seed: number, shift: (c: number) => number = () => 0): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: m }, (_, c) => Float64Array.from({ length: n }, () => rng.normal() + shift(c)));
}

function ar1Chains(m: number, n: number, rho: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  const s = Math.sqrt(1 - rho * rho);
  return Array.from({ length: m }, () => {
    const out = new Float64Array(n);
    let x = rng.normal();
    for (let i = 0; i < n; i++) { x = rho * x + s * rng.normal(); out[i] = x; }
    return out;
  });
}

describe('normal quantile', () => {
  it('matches known values to 1e-9', () => {
    expect(Math.abs(normalQuantile(0.5))).toBeLessThan(1e-15);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 8);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 6);
  });
});

describe('autocovariance', () => {
  it('equals the direct biased sum', () => {
    const x = iidChains(1, 37, 1)[0]!;
    const ac = autocovariance(x);
    const mean = x.reduce((a, b) => a + b) / x.length;
    for (const t of [0, 1, 5, 36]) {
      let s = 0;
      for (let i = 0; i + t < x.length; i++) s += (x[i]! - mean) * (x[i + t]! - mean);
      expect(ac[t]).toBeCloseTo(s / x.length, 12);
    }
  });
});

describe('R-hat (Vehtari et al. 2021)', () => {
  it('is ≈ 1 for iid chains', () => {
    const r = rhat(iidChains(4, 1000, 2));
    expect(r).toBeGreaterThan(0.999);
    expect(r).toBeLessThan(1.01);
  });
  it('exceeds 1.1 when one chain is shifted', () => {
    expect(rhat(iidChains(4, 1000, 3, (c) => (c === 0 ? 1 : 0)))).toBeGreaterThan(1.1);
  });
  it('catches chains that differ only in scale (folded R-hat), which the bulk R-hat misses', () => {
    const ch = iidChains(4, 1000, 4).map((c, i) => (i === 0 ? c.map((v) => 3 * v) : c));
    expect(rhatBasic(ch)).toBeLessThan(1.05);
    expect(rhat(ch)).toBeGreaterThan(1.1);
  });
  it('detects a trend within chains through splitting', () => {
    const ch = iidChains(4, 1000, 5).map((c) => c.map((v, i) => v + (2 * i) / 1000));
    expect(rhat(ch)).toBeGreaterThan(1.1);
  });
});

describe('ESS', () => {
  it('is ≈ S for iid draws', () => {
    const ch = iidChains(4, 1000, 6);
    // Sampling sd of the ESS estimate at S = 4000 is a few percent.
    expect(essBulk(ch) / 4000).toBeGreaterThan(0.85);
    expect(essBulk(ch) / 4000).toBeLessThan(1.15);
    expect(essTail(ch) / 4000).toBeGreaterThan(0.8);
    expect(essTail(ch) / 4000).toBeLessThan(1.2);
  });
  it('matches n(1 − ρ)/(1 + ρ) for AR(1) chains', () => {
    for (const rho of [0.5, 0.9]) {
      const ch = ar1Chains(4, 5000, rho, 7);
      const expected = (20000 * (1 - rho)) / (1 + rho);
      // Relative sd of the ESS estimate ≈ sqrt(2τ/S)·few: 10% is generous at this S.
      expect(Math.abs(essBasic(ch) / expected - 1)).toBeLessThan(0.12);
      expect(Math.abs(essBulk(ch) / expected - 1)).toBeLessThan(0.12);
    }
  });
  it('is larger than S for antithetic chains, capped at S·log10(S)', () => {
    const ch = ar1Chains(4, 1000, -0.5, 8);
    const e = essBasic(ch);
    expect(e).toBeGreaterThan(4000);
    expect(e).toBeLessThanOrEqual(4000 * Math.log10(4000));
  });
});

describe('MCSE', () => {
  it('of the mean is sd/√ESS and agrees with the spread over replications', () => {
    const est: number[] = [];
    const mcse: number[] = [];
    for (let r = 0; r < 50; r++) {
      const ch = ar1Chains(4, 500, 0.7, 100 + r);
      let s = 0;
      for (const c of ch) for (const v of c) s += v;
      est.push(s / 2000);
      mcse.push(mcseMean(ch));
    }
    const sdEst = Math.sqrt(est.reduce((a, b) => a + b * b, 0) / est.length); // true mean is 0
    const meanMcse = mcse.reduce((a, b) => a + b) / mcse.length;
    const theory = Math.sqrt((1 + 0.7) / (1 - 0.7) / 2000);
    expect(meanMcse / theory).toBeGreaterThan(0.85);
    expect(meanMcse / theory).toBeLessThan(1.15);
    // 50 replications: the empirical sd is within ~±20% (2σ of a chi with 50 df).
    expect(sdEst / theory).toBeGreaterThan(0.75);
    expect(sdEst / theory).toBeLessThan(1.25);
  });
  it('of a quantile is close to the asymptotic iid value sqrt(q(1−q)/n)/φ(z_q)', () => {
    const ch = iidChains(4, 2500, 9);
    const q = 0.05;
    const z = normalQuantile(q);
    const theory = Math.sqrt((q * (1 - q)) / 10000) / (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI));
    const m = mcseQuantile(ch, q);
    expect(m / theory).toBeGreaterThan(0.7);
    expect(m / theory).toBeLessThan(1.4);
  });
});

describe('rank normalisation', () => {
  it('maps to normal scores, ties averaged', () => {
    const z = rankNormalize([Float64Array.from([3, 1, 2, 2])]);
    const r = z[0]!;
    expect(r[2]).toBe(r[3]);
    expect(r[1]!).toBeLessThan(r[2]!);
    expect(r[0]!).toBeGreaterThan(r[2]!);
    expect(r[1]).toBeCloseTo(normalQuantile((1 - 0.375) / 4.25), 12);
  });
});
