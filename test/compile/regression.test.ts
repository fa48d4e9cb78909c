/**
 * Regressions: a kidiq-like linear model (two covariates, an interaction), Bayesian linear
 * regression with D = 5 through a matrix-vector product, both against closed forms with FD
 * gradients; and a Dirichlet-categorical model (simplex bijector, i.i.d. categorical data).
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/lang/compile/index.js';
import { model } from '../../src/lang/dsl.js';
import { createRng } from '../../src/runtime/rng.js';
import { sourceToIR } from '../../src/lang/to-ir.js';
import { data, dist, fdGrad, input, int, ir, param, points, real, ref, relErr } from './helpers.js';

const lnorm = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

function synth(seed: number, n: number, d: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

describe('kidiq-like regression', () => {
  const N = 40;
  const cov = synth(1, N, 2);
  const momHs = cov.map((r) => (r[0]! > 0 ? 1 : 0));
  const momIq = cov.map((r) => 100 + 15 * r[1]!);
  const m = model`
    input N: int
    input mom_hs: vector[N]
    input mom_iq: vector[N]
    param beta: vector[4] ~ normal(0, 100)
    param sigma ~ exponential(0.1)
    let mu = beta[1] + beta[2] * mom_hs + beta[3] * mom_iq + beta[4] * (mom_hs .* mom_iq)
    data kid_score: vector[N] ~ normal(mu, sigma)
  `.compile({ N, mom_hs: momHs, mom_iq: momIq });
  const score = momIq.map((iq, i) => 20 + 5 * momHs[i]! + 0.6 * iq + 8 * (i % 3 - 1));
  const x = m.flattenData({ kid_score: score });
  const closed = (u: Float64Array) => {
    const b = u.subarray(0, 4), s = Math.exp(u[4]!);
    let lp = 0;
    for (let k = 0; k < 4; k++) lp += lnorm(b[k]!, 0, 100);
    lp += Math.log(0.1) - 0.1 * s + u[4]!;
    for (let i = 0; i < N; i++) lp += lnorm(score[i]!, b[0]! + b[1]! * momHs[i]! + b[2]! * momIq[i]! + b[3]! * momHs[i]! * momIq[i]!, s);
    return lp;
  };

  it('matches the closed form and FD gradients', () => {
    const g = new Float64Array(5);
    for (const u of points(4, 8, 5, 1)) {
      u[4] = u[4]! + 2;
      expect(m.logJoint(u, x)).toBeCloseTo(closed(u), 8);
      m.logJointGrad(u, x, g);
      expect(relErr(g, fdGrad(closed, u, 1e-6))).toBeLessThan(1e-6);
    }
  });
});

describe('Bayesian linear regression, D = 5', () => {
  const N = 30, Dd = 5;
  const X = synth(2, N, Dd);
  const m = model`
    input N: int
    input D: int
    input X: matrix[N, D]
    param w: vector[D] ~ normal(0, 2)
    param s ~ half_normal(1)
    data y: vector[N] ~ normal(X * w, s)
  `.compile({ N, D: Dd, X });
  const yv = X.map((r, i) => r.reduce((a, b, k) => a + b * (k - 2), 0) + 0.3 * Math.sin(i));
  const x = m.flattenData({ y: yv });
  const closed = (u: Float64Array) => {
    const s = Math.exp(u[5]!);
    let lp = u[5]! + Math.log(2) + lnorm(s, 0, 1);
    for (let k = 0; k < Dd; k++) lp += lnorm(u[k]!, 0, 2);
    for (let i = 0; i < N; i++) lp += lnorm(yv[i]!, X[i]!.reduce((a, b, k) => a + b * u[k]!, 0), s);
    return lp;
  };

  it('matches the closed form and FD gradients (matrix-vector adjoint)', () => {
    const g = new Float64Array(6);
    for (const u of points(5, 8, 6, 1)) {
      expect(m.logJoint(u, x)).toBeCloseTo(closed(u), 9);
      m.logJointGrad(u, x, g);
      expect(relErr(g, fdGrad(closed, u))).toBeLessThan(1e-6);
    }
  });

  it('simulate gives y with the right shape', () => {
    const { x: xs, theta } = m.simulate(3, createRng(1));
    expect(xs.length).toBe(3 * N);
    expect(theta.length).toBe(3 * 6);
  });
});

describe('Dirichlet-categorical', () => {
  const alpha = [1, 2, 3];
  const obs = [1, 3, 3, 2, 3, 1, 3];
  // Hand-built IR: the front end's checker (src/lang/checks/shapes.ts) does not yet accept
  // i.i.d. categorical data `int[N] ~ categorical(theta)`; the compiler does.
  const m = compileModel(ir(
    input('K', int()),
    input('N', int()),
    input('alpha', real('K')),
    param('theta', dist('dirichlet', ref('alpha')), real('K')),
    data('c', dist('categorical', ref('theta')), int('N')),
  ), { K: 3, N: obs.length, alpha });
  const x = m.flattenData({ c: obs });

  it('uses the simplex bijector (K - 1 unconstrained dims)', () => {
    expect(m.dim).toBe(3);
    expect(m.unconstrainedDim).toBe(2);
    expect(m.params[0]!.support).toEqual({ kind: 'simplex' });
  });

  it('logJoint - logPrior is the categorical log likelihood, and gradients match FD', () => {
    const th = new Float64Array(3), g = new Float64Array(2);
    for (const u of points(6, 6, 2, 1.5)) {
      m.fromUnconstrained(u, th);
      expect(th.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      const ll = obs.reduce((s, c) => s + Math.log(th[c - 1]!), 0);
      expect(m.logLikelihood(u, x)).toBeCloseTo(ll, 12);
      m.logJointGrad(u, x, g);
      expect(relErr(g, fdGrad((v) => m.logJoint(v, x), u))).toBeLessThan(1e-6);
    }
  });

  it('exp(logPrior) integrates to 1 over u (the simplex Jacobian is included)', () => {
    let s = 0;
    const h = 0.05;
    for (let a = -12; a <= 12; a += h) for (let b = -12; b <= 12; b += h) s += Math.exp(m.logPrior(Float64Array.of(a, b))) * h * h;
    expect(s).toBeCloseTo(1, 3);
  });

  it('simulate draws categories in 1..K with frequencies near E[theta]', () => {
    const n = 6000;
    const { x: xs } = m.simulate(n, createRng(2));
    const counts = [0, 0, 0];
    for (const c of xs) counts[c - 1]!++;
    expect(xs.every((c) => c >= 1 && c <= 3 && Number.isInteger(c))).toBe(true);
    expect(counts[2]! / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('logistic regression (bernoulli) and Poisson counts', () => {
  const xs = [-1.5, -0.3, 0.2, 0.9, 2.1];
  const m = compileModel(sourceToIR(`
    input N: int
    input xs: vector[N]
    param b: vector[2] ~ normal(0, 2)
    data hit: int[N] ~ bernoulli(inv_logit(b[1] + b[2] * xs))
    data k: int[N] ~ poisson(exp(0.5 * b[1] + 0.1 * xs))
  `), { N: 5, xs });
  const hit = [0, 0, 1, 1, 1], k = [0, 2, 1, 3, 5];
  const x = m.flattenData({ hit, k });
  const lfact = (n: number) => { let s = 0; for (let i = 2; i <= n; i++) s += Math.log(i); return s; };
  const closed = (u: Float64Array) => {
    let lp = lnorm(u[0]!, 0, 2) + lnorm(u[1]!, 0, 2);
    xs.forEach((xi, i) => {
      const p = 1 / (1 + Math.exp(-(u[0]! + u[1]! * xi)));
      lp += hit[i] ? Math.log(p) : Math.log(1 - p);
      const rate = Math.exp(0.5 * u[0]! + 0.1 * xi);
      lp += k[i]! * Math.log(rate) - rate - lfact(k[i]!);
    });
    return lp;
  };
  it('matches the closed form and FD gradients', () => {
    const g = new Float64Array(2);
    for (const u of points(13, 6, 2, 1.5)) {
      expect(m.logJointGrad(u, x, g)).toBeCloseTo(closed(u), 10);
      expect(relErr(g, fdGrad(closed, u))).toBeLessThan(1e-7);
    }
  });
  it('refuses non-binary or non-integer data where it must', () => {
    expect(() => m.flattenData({ hit: [0, 0, 1, 1, 0.5], k })).toThrow(/integer/);
  });
  it('simulates 0/1 and counts', () => {
    const s = m.simulate(200, createRng(3));
    for (let i = 0; i < 200; i++) {
      for (let j = 0; j < 5; j++) expect([0, 1]).toContain(s.x[i * 10 + j]);
      for (let j = 5; j < 10; j++) expect(Number.isInteger(s.x[i * 10 + j]!) && s.x[i * 10 + j]! >= 0).toBe(true);
    }
  });
});
