/**
 * Latent variables are in u (after the params) but not in θ; a hierarchical model with a
 * gather `alpha[group]`, a matrix parameter drawn row-wise from multi_normal_cholesky, and the
 * portable density of the GP in a fresh instance.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/lang/compile/index.js';
import { instantiatePortableDensity } from '../../src/runtime/portable.js';
import { createRng } from '../../src/runtime/rng.js';
import { InferenceError } from '../../src/lang/errors.js';
import { sourceToIR } from '../../src/lang/to-ir.js';
import { fdGrad, points, relErr } from './helpers.js';

const lnorm = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

describe('latents', () => {
  const m = compileModel(sourceToIR(`
    param mu ~ normal(0, 1)
    latent z: vector[3] ~ normal(mu, 1)
    data y: vector[3] ~ normal(z, 0.5)
  `), {});
  const yv = [0.2, -0.4, 1.1];
  const x = m.flattenData({ y: yv });
  const closed = (u: Float64Array) => lnorm(u[0]!, 0, 1) + [0, 1, 2].reduce((s, k) => s + lnorm(u[1 + k]!, u[0]!, 1) + lnorm(yv[k]!, u[1 + k]!, 0.5), 0);

  it('puts latents in u but not in θ', () => {
    expect([m.dim, m.latentDim, m.unconstrainedDim]).toEqual([1, 3, 4]);
    expect(m.latents[0]!.unconstrainedOffset).toBe(1);
    const th = new Float64Array(1), lat = new Float64Array(3);
    m.fromUnconstrained(Float64Array.of(1, 2, 3, 4), th, lat);
    expect(Array.from(th)).toEqual([1]);
    expect(Array.from(lat)).toEqual([2, 3, 4]);
    expect(Array.from(m.toUnconstrained(th, lat))).toEqual([1, 2, 3, 4]);
  });

  it('log joint and gradient', () => {
    const g = new Float64Array(4);
    for (const u of points(8, 6, 4, 1.5)) {
      expect(m.logJointGrad(u, x, g)).toBeCloseTo(closed(u), 12);
      expect(relErr(g, fdGrad(closed, u))).toBeLessThan(1e-7);
    }
  });

  it('the parameter block: prior over params alone, its gradient and bijectors', () => {
    expect(m.paramUnconstrainedDim).toBe(1);
    const g = new Float64Array(1);
    expect(m.logParamPrior(Float64Array.of(0.3))).toBeCloseTo(lnorm(0.3, 0, 1), 14);
    expect(m.logParamPriorGrad(Float64Array.of(0.3), g)).toBeCloseTo(lnorm(0.3, 0, 1), 14);
    expect(g[0]).toBeCloseTo(-0.3, 14);
    const th = new Float64Array(1);
    m.paramsFromUnconstrained(Float64Array.of(0.7), th);
    expect(th[0]).toBe(0.7);
    expect(Array.from(m.paramsToUnconstrained(th))).toEqual([0.7]);
  });

  it('a param prior that depends on a latent has no parameter-block prior', () => {
    const bad = compileModel(sourceToIR(`
      latent z ~ normal(0, 1)
      param mu ~ normal(z, 1)
      data y ~ normal(mu, 1)
    `), {});
    expect(() => bad.logParamPrior(new Float64Array(1))).toThrow(InferenceError);
    expect(Number.isFinite(bad.logPrior(new Float64Array(2)))).toBe(true);
  });

  it('simulate returns latents; simulateData draws them fresh', () => {
    const s = m.simulate(4000, createRng(4));
    expect(s.latents.length).toBe(12000);
    let v = 0;
    for (let i = 0; i < 4000; i++) v += (s.latents[i * 3]! - s.theta[i]!) ** 2 / 4000;
    expect(v).toBeCloseTo(1, 1);
    const xs = m.simulateData(new Float64Array(4000), 4000, createRng(5));
    let vx = 0;
    for (let i = 0; i < xs.length; i++) vx += xs[i]! ** 2 / xs.length;
    expect(vx).toBeCloseTo(1.25, 1);
  });
});

describe('hierarchical model with a gather and row-wise multivariate rows', () => {
  const m = compileModel(sourceToIR(`
    input G: int
    input N: int
    input group: int[N]
    param sigma_a ~ half_normal(1)
    param alpha: vector[G] ~ normal(0, sigma_a)
    param B: matrix[2, 3] ~ multi_normal_cholesky(zeros(3), diag_matrix(rep_vector(2, 3)))
    data y: vector[N] ~ normal(alpha[group] + B[1, 2] * B[2, 3], 1)
  `), { G: 3, N: 5, group: [1, 2, 3, 3, 1] });
  const yv = [0.5, -1, 2, 1.5, 0];
  const x = m.flattenData({ y: yv });

  it('gradients match finite differences', () => {
    expect(m.unconstrainedDim).toBe(1 + 3 + 6);
    const g = new Float64Array(m.unconstrainedDim);
    for (const u of points(9, 5, m.unconstrainedDim, 1)) {
      m.logJointGrad(u, x, g);
      expect(relErr(g, fdGrad((v) => m.logJoint(v, x), u))).toBeLessThan(1e-6);
    }
  });

  it('the likelihood uses alpha[group]', () => {
    const u = points(10, 1, m.unconstrainedDim, 1)[0]!;
    const th = new Float64Array(m.dim);
    m.fromUnconstrained(u, th);
    const alpha = th.subarray(1, 4), B = th.subarray(4, 10);
    const group = [1, 2, 3, 3, 1];
    const ll = yv.reduce((s, yy, i) => s + lnorm(yy, alpha[group[i]! - 1]! + B[1]! * B[5]!, 1), 0);
    expect(m.logLikelihood(u, x)).toBeCloseTo(ll, 12);
  });

  it('an out-of-range group index is a DataError-like failure at compile time', () => {
    expect(() => compileModel(sourceToIR(`
      input group: int[2]
      param alpha: vector[3] ~ normal(0, 1)
      data y: vector[2] ~ normal(alpha[group], 1)
    `), { group: [1, 4] })).toThrow(/out of range/);
  });
});

describe('portable density of the GP', () => {
  it('rebuilds from structured-cloned data and agrees', () => {
    const side = 6;
    const pts: number[][] = [];
    for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) pts.push([i, j]);
    const D = pts.map((p) => pts.map((q) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!) / side));
    const m = compileModel(sourceToIR(`
      input D: matrix[36, 36]
      param ell ~ uniform(0, 0.6)
      let K = exp(-D / ell)
      data z: vector[36] ~ multi_normal(zeros(36), K)
    `), { D });
    const { x } = m.simulate(1, createRng(2));
    const f = instantiatePortableDensity(structuredClone(m.portableDensity()!));
    const g1 = new Float64Array(1), g2 = new Float64Array(1);
    const u = Float64Array.of(0.4);
    expect(f.logJointGrad(u, x, g1)).toBe(m.logJointGrad(u, x, g2));
    expect(g1[0]).toBe(g2[0]);
  });
});
