/**
 * Eight schools, non-centred: the generated log joint against a hand-written closed form, FD
 * gradients, the same model through the DSL, and prior moments of simulate.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/lang/compile/index.js';
import eightSchools from '../../examples/eight-schools.js';
import { createRng } from '../../src/runtime/rng.js';
import { bin, data, dist, fdGrad, input, int, ir, let_, num, param, points, real, ref, relErr } from './helpers.js';

export const J = 8;
export const y = [28, 8, -3, 7, -1, 1, 18, 12];
export const sigma = [15, 10, 16, 11, 9, 11, 10, 18];

const eightIR = ir(
  input('J', int()),
  input('sigma', real('J')),
  param('mu', dist('normal', num(0), num(5))),
  param('tau', dist('half_cauchy', num(5))),
  param('theta_trans', dist('normal', num(0), num(1)), real('J')),
  let_('theta', bin('+', ref('mu'), bin('*', ref('tau'), ref('theta_trans')))),
  data('y', dist('normal', ref('theta'), ref('sigma')), real('J')),
);

const lnorm = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

/** Hand-written log joint in u = (mu, log tau, theta_trans[1..8]), Jacobian included. */
export function eightSchoolsClosedForm(u: Float64Array): number {
  const mu = u[0]!, tau = Math.exp(u[1]!);
  let lp = lnorm(mu, 0, 5) + Math.log(2 / (Math.PI * 5 * (1 + (tau / 5) ** 2))) + u[1]!;
  for (let j = 0; j < J; j++) {
    const t = u[2 + j]!;
    lp += lnorm(t, 0, 1) + lnorm(y[j]!, mu + tau * t, sigma[j]!);
  }
  return lp;
}

describe('eight schools (non-centred)', () => {
  const m = compileModel(eightIR, { J, sigma });
  const x = m.flattenData({ y });

  it('lays out θ and u', () => {
    expect(m.dim).toBe(10);
    expect(m.unconstrainedDim).toBe(10);
    expect(m.params.map((p) => p.name)).toEqual(['mu', 'tau', 'theta_trans']);
    expect(m.params[2]!.elementNames[0]).toBe('theta_trans[1]');
    expect(m.params[1]!.support).toEqual({ kind: 'positive' });
  });

  it('logJoint equals the closed form at random points', () => {
    for (const u of points(1, 20, 10, 2)) expect(m.logJoint(u, x)).toBeCloseTo(eightSchoolsClosedForm(u), 10);
  });

  it('gradients match central finite differences', () => {
    const g = new Float64Array(10);
    for (const u of points(2, 10, 10, 2)) {
      expect(m.logJointGrad(u, x, g)).toBeCloseTo(eightSchoolsClosedForm(u), 10);
      expect(relErr(g, fdGrad((v) => eightSchoolsClosedForm(v), u))).toBeLessThan(1e-6);
    }
  });

  it('the DSL model compiles to the same density', () => {
    const dsl = eightSchools.compile({ J, sigma });
    const g1 = new Float64Array(10), g2 = new Float64Array(10);
    for (const u of points(3, 5, 10, 1)) {
      expect(dsl.logJointGrad(u, x, g1)).toBeCloseTo(m.logJointGrad(u, x, g2), 12);
      expect(relErr(g1, g2)).toBeLessThan(1e-14);
    }
  });

  it('simulate has the prior moments of mu and theta_trans, and y | θ has the right spread', () => {
    const n = 20000;
    const { theta, x: xs } = m.simulate(n, createRng(11));
    let mMu = 0, vMu = 0, vT = 0;
    for (let i = 0; i < n; i++) {
      mMu += theta[i * 10]! / n;
      vMu += theta[i * 10]! ** 2 / n;
      vT += theta[i * 10 + 2]! ** 2 / n;
    }
    expect(Math.abs(mMu)).toBeLessThan(0.15);
    expect(Math.sqrt(vMu)).toBeCloseTo(5, 0);
    expect(vT).toBeCloseTo(1, 1);
    // residual y_j - theta_j has sd sigma_j
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      const th = theta[i * 10]! + theta[i * 10 + 1]! * theta[i * 10 + 2]!;
      r2 += (xs[i * 8]! - th) ** 2 / n;
    }
    expect(Math.sqrt(r2) / 15).toBeCloseTo(1, 1);
  });
});
