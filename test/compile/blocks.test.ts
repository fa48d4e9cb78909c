/**
 * Stan's imperative statements, unrolled by the compiler into straight-line code with the same
 * reverse-mode gradient: each construct's log density against a hand-written closed form and its
 * gradient against central finite differences.
 */
import { describe, expect, it } from 'vitest';
import { modelFromSource } from '../../src/lang/dsl.js';
import { ModelError, InferenceError } from '../../src/lang/errors.js';
import { createRng } from '../../src/runtime/rng.js';
import type { CompiledModel } from '../../src/lang/compiled-model.js';
import { fdGrad, points, relErr } from './helpers.js';

const lnorm = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
const lse = (a: number, b: number) => Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));

function checkGrad(m: CompiledModel, x: Float64Array, closed?: (u: Float64Array) => number): void {
  const g = new Float64Array(m.unconstrainedDim);
  for (const u of points(4, 5, m.unconstrainedDim, 1)) {
    const lp = m.logJointGrad(u, x, g);
    expect(lp).toBeCloseTo(m.logJoint(u, x), 12);
    if (closed) expect(lp).toBeCloseTo(closed(u), 9);
    expect(relErr(g, fdGrad((v) => m.logJoint(v, x), u))).toBeLessThan(1e-6);
  }
}

describe('for loops, locals and assignment (ARMA(1,1) as in posteriordb)', () => {
  const src = `
    input T: int
    data y: vector[T]
    param mu
    param phi
    param theta
    param sigma: real<lower=0>
    mu ~ normal(0, 10)
    phi ~ normal(0, 2)
    theta ~ normal(0, 2)
    sigma ~ cauchy(0, 2.5)
    local nu: vector[T]
    local err: vector[T]
    nu[1] = mu + phi * mu
    err[1] = y[1] - nu[1]
    for (t in 2:T) {
      nu[t] = mu + phi * y[t - 1] + theta * err[t - 1]
      err[t] = y[t] - nu[t]
    }
    err ~ normal(0, sigma)
  `;
  const yv = [1, 0.5, -0.2, 0.3, 1.1];
  const m = modelFromSource(src).compile({ T: 5 });
  const x = m.flattenData({ y: yv });
  const closed = (u: Float64Array) => {
    const [mu, phi, theta] = [u[0]!, u[1]!, u[2]!];
    const sigma = Math.exp(u[3]!);
    let lp = lnorm(mu, 0, 10) + lnorm(phi, 0, 2) + lnorm(theta, 0, 2) - Math.log(Math.PI * 2.5 * (1 + (sigma / 2.5) ** 2)) + u[3]!;
    let err = yv[0]! - (mu + phi * mu);
    lp += lnorm(err, 0, sigma);
    for (let t = 1; t < yv.length; t++) {
      err = yv[t]! - (mu + phi * yv[t - 1]! + theta * err);
      lp += lnorm(err, 0, sigma);
    }
    return lp;
  };
  it('matches the recursion written by hand, with a finite-difference gradient', () => checkGrad(m, x, closed));
  it('has a likelihood but refuses simulation (target += has no generative form)', () => {
    expect(m.hasLikelihood).toBe(true);
    expect(() => m.simulate(1, createRng(1))).toThrow(InferenceError);
  });
  it('reports each likelihood target term pointwise', () => {
    expect(m.pointwiseDim).toBe(1);
  });
});

describe('target += with log_mix in a loop (low_dim_gauss_mix)', () => {
  const src = `
    input N: int
    data y: vector[N]
    param mu: vector[2] ~ normal(0, 2)
    param sigma: vector<lower=0>[2] ~ normal(0, 2)
    param theta: real<lower=0, upper=1> ~ beta(5, 5)
    for (n in 1:N) {
      target += log_mix(theta, normal_lpdf(y[n] | mu[1], sigma[1]), normal_lpdf(y[n] | mu[2], sigma[2]))
    }
  `;
  const yv = [-1.2, 0.3, 2.5, 1.9];
  const m = modelFromSource(src).compile({ N: 4 });
  const x = m.flattenData({ y: yv });
  it('matches the mixture likelihood; pointwise terms sum to logLikelihood', () => {
    checkGrad(m, x);
    const u = Float64Array.of(-1, 2, 0.1, -0.3, 0.4);
    const s1 = Math.exp(u[2]!), s2 = Math.exp(u[3]!), th = 1 / (1 + Math.exp(-u[4]!));
    const want = yv.reduce((s, y) => s + lse(Math.log(th) + lnorm(y, u[0]!, s1), Math.log1p(-th) + lnorm(y, u[1]!, s2)), 0);
    expect(m.logLikelihood(u, x)).toBeCloseTo(want, 10);
    const pw = new Float64Array(m.pointwiseDim);
    m.pointwiseLogLikelihood(u, x, pw);
    expect(pw.length).toBe(4);
    expect(pw.reduce((s, v) => s + v, 0)).toBeCloseTo(want, 10);
  });
  it('declared bounds truncate the prior: simulation stays inside them', () => {
    const prior = modelFromSource('param s: real<lower=0> ~ normal(0, 1)\ndata y ~ normal(0, s)').compile();
    const sims = prior.simulate(500, createRng(2));
    for (let i = 0; i < 500; i++) expect(sims.theta[i]).toBeGreaterThan(0);
  });
});

describe('flat priors, user functions, slices, transformed data', () => {
  it('a param without ~ has a flat prior over its declared support (log-Jacobian only)', () => {
    const m = modelFromSource('param s: real<lower=0>\ndata y ~ normal(0, s)').compile();
    const x = m.flattenData({ y: 0.7 });
    checkGrad(m, x, (u) => u[0]! + lnorm(0.7, 0, Math.exp(u[0]!)));
    expect(() => m.simulate(1, createRng(1))).toThrow(/flat/);
  });

  it('a user function is inlined with its gradient', () => {
    const m = modelFromSource(`
      function scaled_sq(a: real, b: vector): vector {
        local c = a * b
        return c .* c
      }
      param a ~ normal(0, 1)
      let q = scaled_sq(a, [1, 2])
      data y: vector[2] ~ normal(q, 1)
    `).compile();
    const x = m.flattenData({ y: [0.5, 1.5] });
    checkGrad(m, x, (u) => lnorm(u[0]!, 0, 1) + lnorm(0.5, u[0]! ** 2, 1) + lnorm(1.5, 4 * u[0]! ** 2, 1));
    const d = new Float64Array(2);
    m.computeDerived(Float64Array.of(3), null, d);
    expect(Array.from(d)).toEqual([9, 36]);
  });

  it('slices of inputs, rows of cells and transformed data computed once', () => {
    const m = modelFromSource(`
      input N: int
      input X: matrix[N, 2]
      local xc: vector[N]
      xc = X[:, 2] - mean(X[:, 2])
      param b ~ normal(0, 1)
      local G: matrix[2, N]
      for (i in 1:N) { G[1, i] = b * xc[i]; G[2, i] = 1 }
      data y: vector[N] ~ normal(G[1], 1)
    `).compile({ N: 3, X: [[1, 1], [1, 2], [1, 6]] });
    const x = m.flattenData({ y: [0.1, 0.2, 0.3] });
    const xc = [-2, -1, 3];
    checkGrad(m, x, (u) => lnorm(u[0]!, 0, 1) + xc.reduce((s, c, i) => s + lnorm([0.1, 0.2, 0.3][i]!, u[0]! * c, 1), 0));
  });

  it('if on a known condition picks a branch; on a parameter it is an error with line:column', () => {
    const m = modelFromSource('input flag: int\nparam a ~ normal(0, 1)\ndata y ~ normal(0, 1)\nif (flag == 1) { target += -a * a }\nelse { target += a }').compile({ flag: 1 });
    const x = m.flattenData({ y: 0 });
    checkGrad(m, x, (u) => lnorm(u[0]!, 0, 1) + lnorm(0, 0, 1) - u[0]! ** 2);
    const bad = modelFromSource('param a ~ normal(0, 1)\ndata y ~ normal(0, 1)\nif (a > 0) { target += a }');
    const err = (() => { try { bad.compile(); } catch (e) { return e as ModelError; } return undefined; })();
    expect(err).toBeInstanceOf(ModelError);
    expect(err!.location).toMatchObject({ line: 3, column: 5 });
  });

  it('assigning to a param is an error', () => {
    expect(() => modelFromSource('param a ~ normal(0, 1)\ndata y ~ normal(a, 1)\na = 2').compile()).toThrow(/cannot assign to param 'a'/);
  });
});
