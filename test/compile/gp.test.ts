/**
 * The spatial GP on a 16 × 16 grid: K = exp(-D / ell) with z ~ multi_normal(0, K). The gradient
 * w.r.t. ell flows through multi_normal's Σ-gradient and the elementwise exp, generically;
 * the same density written with an explicit cholesky() exercises the Cholesky adjoint.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/lang/compile/index.js';
import { model } from '../../src/lang/dsl.js';
import { createRng } from '../../src/runtime/rng.js';
import { bin, call, data, dist, fdGrad, input, ir, let_, neg, num, param, real, ref, relErr } from './helpers.js';

export function gridDistances(side: number): number[][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) pts.push([i / (side - 1), j / (side - 1)]);
  return pts.map((p) => pts.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])));
}

/** log N(z | 0, K) by a naive Cholesky, written independently of the library. */
export function gpClosedForm(D: number[][], z: ArrayLike<number>, ell: number): number {
  const n = D.length;
  const L = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = Math.exp(-D[i]![j]! / ell);
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = i === j ? Math.sqrt(s) : s / L[j]![j]!;
    }
  }
  const w = new Float64Array(n);
  let q = 0, logdet = 0;
  for (let i = 0; i < n; i++) {
    let s = z[i]!;
    for (let k = 0; k < i; k++) s -= L[i]![k]! * w[k]!;
    w[i] = s / L[i]![i]!;
    q += w[i]! ** 2;
    logdet += Math.log(L[i]![i]!);
  }
  return -0.5 * n * Math.log(2 * Math.PI) - logdet - 0.5 * q;
}

const side = 16;
const D = gridDistances(side);
const gpIR = (withCholesky: boolean) => ir(
  input('D', real(256, 256)),
  param('ell', dist('uniform', num(0), num(0.6))),
  let_('K', call('exp', bin('/', neg(ref('D')), ref('ell')))),
  ...(withCholesky
    ? [let_('L', call('cholesky', ref('K'))), data('z', dist('multi_normal_cholesky', call('zeros', num(256)), ref('L')), real(256))]
    : [data('z', dist('multi_normal', call('zeros', num(256)), ref('K')), real(256))]),
);

describe('spatial GP 16 × 16', () => {
  const m = compileModel(gpIR(false), { D });
  const { x } = m.simulate(1, createRng(5));
  const uToEll = (u: number) => 0.6 / (1 + Math.exp(-u));
  const closed = (u: number) => {
    const s = 1 / (1 + Math.exp(-u));
    return -Math.log(0.6) + Math.log(0.6 * s * (1 - s)) + gpClosedForm(D, x, uToEll(u));
  };

  it('ell has an interval support and logJoint matches the closed form', () => {
    expect(m.params[0]!.support).toEqual({ kind: 'interval', lower: 0, upper: 0.6 });
    for (const u of [-1.5, 0, 0.8]) expect(m.logJoint(Float64Array.of(u), x)).toBeCloseTo(closed(u), 8);
  });

  it('the gradient w.r.t. u (through Σ, exp and the bijector) matches finite differences', () => {
    const g = new Float64Array(1);
    for (const u of [-1.2, 0.3, 1.1]) {
      const U = Float64Array.of(u);
      m.logJointGrad(U, x, g);
      expect(relErr(g, fdGrad((v) => closed(v[0]!), U, 1e-5))).toBeLessThan(1e-6);
    }
  });

  it('the explicit cholesky() + multi_normal_cholesky form gives the same value and gradient', () => {
    const mc = compileModel(gpIR(true), { D });
    const g1 = new Float64Array(1), g2 = new Float64Array(1);
    for (const u of [-0.7, 0.9]) {
      const U = Float64Array.of(u);
      expect(mc.logJointGrad(U, x, g1)).toBeCloseTo(m.logJointGrad(U, x, g2), 8);
      expect(relErr(g1, g2)).toBeLessThan(1e-8);
    }
  });

  it('the DSL source compiles to the same density', () => {
    const dsl = model`
      input D: matrix[256, 256]
      param ell ~ uniform(0, 0.6)
      let K = exp(-D / ell)
      data z: vector[256] ~ multi_normal(zeros(256), K)
    `.compile({ D });
    const U = Float64Array.of(0.2);
    expect(dsl.logJoint(U, x)).toBeCloseTo(m.logJoint(U, x), 10);
  });

  it('a constant covariance is factored once, when the model is built, and still checked', () => {
    const src = (sigma: number[][]) => compileModel(ir(
      input('S', real(2, 2)),
      param('mu', dist('normal', num(0), num(1)), real(2)),
      data('z', dist('multi_normal', ref('mu'), ref('S')), real(2)),
    ), { S: sigma });
    const mc = src([[2, 0.5], [0.5, 1]]);
    const fnBody = (name: string) => {
      const s = (mc as unknown as { generatedSource: string }).generatedSource;
      return s.slice(s.indexOf(`function ${name}(`), s.indexOf('}\nfunction', s.indexOf(`function ${name}(`)));
    };
    expect(fnBody('logJointGrad')).not.toMatch(/cholesky/);
    const u = Float64Array.of(0.3, -0.2), xz = Float64Array.of(1, -1);
    const mu = [0.3, -0.2], r = [1 - mu[0]!, -1 - mu[1]!];
    const det = 2 * 1 - 0.25;
    const q = (1 * r[0]! * r[0]! - 2 * 0.5 * r[0]! * r[1]! + 2 * r[1]! * r[1]!) / det;
    expect(mc.logLikelihood(u, xz)).toBeCloseTo(-Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q, 12);
    // With every argument constant, multi_normal's own checks run when the model is built.
    const constMean = (sigma: number[][]) => compileModel(ir(
      input('S', real(2, 2)),
      param('a', dist('normal', num(0), num(1))),
      data('z', dist('multi_normal', call('zeros', num(2)), ref('S')), real(2)),
    ), { S: sigma });
    expect(() => constMean([[2, 0.5], [0.5, 1]])).not.toThrow();
    expect(() => constMean([[2, 0.5], [0.4, 1]])).toThrow(/covariance/i);
    expect(() => constMean([[1, 2], [2, 1]])).toThrow(/covariance|positive definite/i);
    // A non-positive-definite constant covariance is found by the one-time factorisation anyway.
    expect(() => src([[1, 2], [2, 1]])).toThrow(/positive definite/);
  });

  it('simulate gives z with unit marginal variance', () => {
    const n = 100;
    const { x: xs, theta } = m.simulate(n, createRng(9));
    expect(xs.length).toBe(n * 256);
    expect(theta.every((e) => e > 0 && e < 0.6)).toBe(true);
    let v = 0;
    for (let i = 0; i < xs.length; i++) v += xs[i]! ** 2 / xs.length;
    expect(v).toBeGreaterThan(0.7);
    expect(v).toBeLessThan(1.3);
  });
});
