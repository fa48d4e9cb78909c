/** Special functions against values known in closed form or to many digits. */
import { describe, expect, it } from 'vitest';
import {
  chiSquareSurvival, digamma, erf, erfc, gammaP, gammaQ, lgamma, log1mExp, logAddExp, logSumExp, normalCdf, normalLogCdf,
  normalQuantile, sigmoid, softplus, trigamma,
} from '../../src/runtime/special.js';

const EULER = 0.5772156649015329;

describe('lgamma and friends', () => {
  it('matches factorials and half-integer values', () => {
    let logFact = 0;
    for (let n = 1; n <= 170; n++) {
      expect(lgamma(n)).toBeCloseTo(logFact, 11);
      logFact += Math.log(n);
    }
    // Γ(k + ½) = √π (2k)! / (4^k k!)
    let lg = 0.5 * Math.log(Math.PI);
    for (let k = 0; k < 60; k++) {
      expect(Math.abs(lgamma(k + 0.5) - lg)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lg)));
      lg += Math.log(k + 0.5);
    }
    expect(lgamma(1e-10)).toBeCloseTo(-Math.log(1e-10) - EULER * 1e-10, 12);
    expect(lgamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 12);
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(Infinity)).toBe(Infinity);
    expect(lgamma(1e300)).toBeCloseTo(1e300 * (Math.log(1e300) - 1), -290);
  });

  it('digamma and trigamma match known values and each other', () => {
    expect(digamma(1)).toBeCloseTo(-EULER, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER - 2 * Math.log(2), 14);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 13);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 12);
    // digamma is the derivative of lgamma.
    for (const x of [0.3, 1.7, 4.2, 25]) {
      const h = 1e-5;
      expect(digamma(x)).toBeCloseTo((lgamma(x + h) - lgamma(x - h)) / (2 * h), 8);
    }
  });
});

describe('erf, normal CDF and quantile', () => {
  it('erf/erfc match reference values, erfc keeps relative accuracy in the tail', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(-1)).toBeCloseTo(-0.8427007929497149, 15);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 13);
    expect(erfc(10) / 2.088487583762545e-45).toBeCloseTo(1, 12);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(normalLogCdf(-40)).toBeCloseTo(-804.6084420137538, 9);
    // Both branches agree where they meet.
    expect(normalLogCdf(-37.0001)).toBeCloseTo(Math.log(normalCdf(-37.0001)), 9);
  });

  it('normalQuantile inverts normalCdf over 300 orders of magnitude', () => {
    for (const p of [1e-300, 1e-50, 1e-10, 1e-3, 0.02425, 0.1, 0.5, 0.9, 0.999]) {
      const x = normalQuantile(p);
      expect(Math.abs(normalCdf(x) / p - 1)).toBeLessThan(1e-12);
    }
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true);
  });
});

describe('log-space helpers', () => {
  it('are stable at the extremes', () => {
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(softplus(0)).toBeCloseTo(Math.log(2), 15);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(40)).toBe(1);
    expect(log1mExp(-1e-20)).toBeCloseTo(Math.log(1e-20), 10);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp([1000, 1000, -Infinity])).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
  });

  it('incomplete gamma gives χ² critical values', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 14);
    expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 14);
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 15);
    expect(gammaQ(3, 2) + gammaP(3, 2)).toBeCloseTo(1, 15);
    expect(gammaQ(3, 2)).toBeCloseTo(5 * Math.exp(-2), 14); // Q(3, x) = e^-x (1 + x + x²/2)
  });
});
