/**
 * Beta-binomial coin: closed-form log joint, FD gradients, the Jacobian (the prior density in u
 * integrates to 1), prior moments of simulate, and the portable density.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/lang/compile/index.js';
import { instantiatePortableDensity } from '../../src/runtime/portable.js';
import { createRng } from '../../src/runtime/rng.js';
import { lgamma } from '../../src/runtime/special.js';
import { data, dist, fdGrad, input, int, ir, num, param, ref, relErr } from './helpers.js';

const coinIR = ir(
  input('n', int()),
  param('p', dist('beta', num(2), num(3))),
  data('heads', dist('binomial', ref('n'), ref('p'))),
);
const m = compileModel(coinIR, { n: 10 });
const x = m.flattenData({ heads: 7 });

const logistic = (u: number) => 1 / (1 + Math.exp(-u));
function closedForm(u: number): number {
  const p = logistic(u);
  const lbeta = lgamma(2) + lgamma(3) - lgamma(5);
  const prior = Math.log(p) + 2 * Math.log(1 - p) - lbeta;
  const jac = Math.log(p) + Math.log(1 - p);
  const lchoose = lgamma(11) - lgamma(8) - lgamma(4);
  return prior + jac + lchoose + 7 * Math.log(p) + 3 * Math.log(1 - p);
}

describe('coin (beta-binomial)', () => {
  it('has the expected layout', () => {
    expect(m.dim).toBe(1);
    expect(m.unconstrainedDim).toBe(1);
    expect(m.dataDim).toBe(1);
    expect(m.params[0]!.support).toEqual({ kind: 'unit' });
    expect(m.data[0]!.elem).toBe('int');
    expect(m.hasLikelihood).toBe(true);
  });

  it('logJoint equals the closed form and logPrior + logLikelihood', () => {
    for (const u of [-2.3, -0.4, 0, 0.7, 3.1]) {
      const U = Float64Array.of(u);
      expect(m.logJoint(U, x)).toBeCloseTo(closedForm(u), 12);
      expect(m.logPrior(U) + m.logLikelihood(U, x)).toBeCloseTo(closedForm(u), 12);
    }
  });

  it('gradients match central finite differences', () => {
    const g = new Float64Array(1);
    for (const u of [-2.3, 0.1, 1.9]) {
      const U = Float64Array.of(u);
      const lp = m.logJointGrad(U, x, g);
      expect(lp).toBeCloseTo(closedForm(u), 12);
      expect(relErr(g, fdGrad((v) => m.logJoint(v, x), U))).toBeLessThan(1e-7);
      m.logPriorGrad(U, g);
      expect(relErr(g, fdGrad((v) => m.logPrior(v), U))).toBeLessThan(1e-7);
    }
  });

  it('logPrior includes log|J|: exp(logPrior) integrates to 1 over u', () => {
    let s = 0;
    const h = 0.01;
    for (let u = -40; u <= 40; u += h) s += Math.exp(m.logPrior(Float64Array.of(u))) * h;
    expect(s).toBeCloseTo(1, 6);
  });

  it('simulate draws θ from the prior and x from the binomial', () => {
    const n = 20000;
    const { theta, x: xs, u } = m.simulate(n, createRng(42));
    const mean = theta.reduce((a, b) => a + b, 0) / n;
    expect(mean).toBeCloseTo(0.4, 1.7); // beta(2,3) mean 0.4, sd 0.2 → se 0.0014
    const xm = xs.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(xm - 4)).toBeLessThan(0.06);
    expect(xs.every((v) => Number.isInteger(v) && v >= 0 && v <= 10)).toBe(true);
    for (let i = 0; i < 5; i++) expect(logistic(u[i]!)).toBeCloseTo(theta[i]!, 12);
  });

  it('is deterministic given the seed', () => {
    expect(m.simulate(5, createRng(7)).x).toEqual(m.simulate(5, createRng(7)).x);
  });

  it('logParamPrior equals logPrior when there are no latents, with the same gradient', () => {
    const g1 = new Float64Array(1), g2 = new Float64Array(1);
    for (const u of [-1.1, 0.4]) {
      const U = Float64Array.of(u);
      expect(m.logParamPrior(U)).toBe(m.logPrior(U));
      m.logParamPriorGrad(U, g1);
      m.logPriorGrad(U, g2);
      expect(g1[0]).toBe(g2[0]);
    }
    expect(Array.from(m.paramsToUnconstrained(Float64Array.of(0.25)))).toEqual(Array.from(m.toUnconstrained(Float64Array.of(0.25))));
  });

  it('round-trips θ ↔ u', () => {
    const u = m.toUnconstrained(Float64Array.of(0.25));
    const th = new Float64Array(1);
    m.fromUnconstrained(u, th);
    expect(th[0]).toBeCloseTo(0.25, 14);
  });

  it('simulateData uses the given θ', () => {
    const xs = m.simulateData(new Float64Array(5000).fill(0.9), 5000, createRng(3));
    expect(xs.reduce((a, b) => a + b, 0) / 5000).toBeCloseTo(9, 1);
  });

  it('the portable density rebuilds the same function', () => {
    const p = m.portableDensity()!;
    const cloned = structuredClone(p);
    const f = instantiatePortableDensity(cloned);
    const U = Float64Array.of(0.37);
    const g1 = new Float64Array(1), g2 = new Float64Array(1);
    expect(f.logJointGrad(U, x, g1)).toBe(m.logJointGrad(U, x, g2));
    expect(g1[0]).toBe(g2[0]);
    expect(f.logJoint(U, x)).toBe(m.logJoint(U, x));
  });

  it('has a stable fingerprint that depends on the inputs', () => {
    expect(compileModel(coinIR, { n: 10 }).fingerprint).toBe(m.fingerprint);
    expect(compileModel(coinIR, { n: 11 }).fingerprint).not.toBe(m.fingerprint);
  });
});
