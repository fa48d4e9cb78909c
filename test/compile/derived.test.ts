/**
 * Derived quantities (every `let`) and pointwise log-likelihoods: values against the expression
 * evaluated by hand, pointwise terms summing to logLikelihood for i.i.d., vectorised and
 * multivariate data, a TypeScript function computing a let, and posterior predictive draws.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/lang/compile/index.js';
import { sourceToIR } from '../../src/lang/to-ir.js';
import { modelFromSource } from '../../src/lang/dsl.js';
import { posteriorPredictive } from '../../src/lang/predictive.js';
import { createRng } from '../../src/runtime/rng.js';
import { InferenceError, ModelError } from '../../src/lang/errors.js';
import { points } from './helpers.js';

const lnorm = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

describe('derived quantities', () => {
  const m = compileModel(sourceToIR(`
    input J: int
    input sigma: vector[J]
    param mu ~ normal(0, 5)
    param tau ~ half_cauchy(5)
    param z: vector[J] ~ normal(0, 1)
    let theta = mu + tau * z
    let scale2 = tau ^ 2
    let two = 2
    data y: vector[J] ~ normal(theta, sigma)
    let resid = y - theta
  `), { J: 3, sigma: [1, 2, 3] });

  it('lists every let in source order with kind derived and element names', () => {
    expect(m.derived.map((d) => d.name)).toEqual(['theta', 'scale2', 'two', 'resid']);
    expect(m.derived.every((d) => d.kind === 'derived')).toBe(true);
    expect(m.derivedDim).toBe(3 + 1 + 1 + 3);
    expect(m.derived[0]!.elementNames).toEqual(['theta[1]', 'theta[2]', 'theta[3]']);
    expect(m.derived.map((d) => d.offset)).toEqual([0, 3, 4, 5]);
  });

  it('equals the expressions evaluated by hand, on the constrained scale', () => {
    const yv = [0.5, -1, 2];
    const x = m.flattenData({ y: yv });
    const out = new Float64Array(m.derivedDim);
    for (const u of points(3, 5, m.unconstrainedDim, 1.5)) {
      m.computeDerived(u, x, out);
      const mu = u[0]!, tau = Math.exp(u[1]!);
      const theta = [0, 1, 2].map((k) => mu + tau * u[2 + k]!);
      const want = [...theta, tau * tau, 2, ...yv.map((y, k) => y - theta[k]!)];
      want.forEach((w, k) => expect(out[k]).toBeCloseTo(w, 12));
    }
  });

  it('needs x only for lets that read data', () => {
    const out = new Float64Array(m.derivedDim);
    expect(() => m.computeDerived(new Float64Array(m.unconstrainedDim), null, out)).toThrow(InferenceError);
    const noData = compileModel(sourceToIR('param a ~ normal(0, 1)\nlet b = exp(a)\ndata y ~ normal(a, 1)'), {});
    const o = new Float64Array(1);
    noData.computeDerived(Float64Array.of(0.3), null, o);
    expect(o[0]).toBeCloseTo(Math.exp(0.3), 14);
  });
});

describe('pointwise log-likelihood', () => {
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

  it('i.i.d. data: one term per element, summing to logLikelihood', () => {
    const m = compileModel(sourceToIR('param mu ~ normal(0, 1)\nparam s ~ half_normal(1)\ndata y: vector[4] ~ normal(mu, s)'), {});
    const yv = [0.1, -0.3, 1.2, 0.8];
    const x = m.flattenData({ y: yv });
    expect(m.pointwiseDim).toBe(4);
    const out = new Float64Array(4);
    for (const u of points(5, 4, 2)) {
      m.pointwiseLogLikelihood(u, x, out);
      yv.forEach((y, k) => expect(out[k]).toBeCloseTo(lnorm(y, u[0]!, Math.exp(u[1]!)), 12));
      expect(sum(out)).toBeCloseTo(m.logLikelihood(u, x), 10);
    }
  });

  it('vectorised and discrete data over several statements', () => {
    const m = compileModel(sourceToIR(`
      input N: int
      input X: vector[N]
      param a ~ normal(0, 1)
      param b ~ normal(0, 1)
      data y: vector[N] ~ normal(a + b * X, 0.7)
      data k: int[N] ~ poisson(exp(a + X))
      data c ~ normal(a, 2)
    `), { N: 3, X: [0, 1, 2] });
    const x = m.flattenData({ y: [0.2, 1.1, 2.3], k: [1, 3, 6], c: 0.4 });
    expect(m.pointwiseDim).toBe(7);
    const out = new Float64Array(7);
    for (const u of points(9, 4, 2)) {
      m.pointwiseLogLikelihood(u, x, out);
      expect(out[1]).toBeCloseTo(lnorm(1.1, u[0]! + u[1]!, 0.7), 12);
      expect(sum(out)).toBeCloseTo(m.logLikelihood(u, x), 10);
    }
  });

  it('multivariate data: one term per event (matrix row)', () => {
    const m = compileModel(sourceToIR(`
      input S: matrix[2, 2]
      param mu: vector[2] ~ normal(0, 1)
      data Y: matrix[3, 2] ~ multi_normal(mu, S)
    `), { S: [[1, 0.3], [0.3, 2]] });
    expect(m.pointwiseDim).toBe(3);
    const x = m.flattenData({ Y: [[0, 1], [1, -1], [0.5, 0.5]] });
    const out = new Float64Array(3);
    const u = Float64Array.of(0.2, -0.1);
    m.pointwiseLogLikelihood(u, x, out);
    expect(sum(out)).toBeCloseTo(m.logLikelihood(u, x), 10);
  });
});

describe('a TypeScript function computing a let', () => {
  const spread = (v: number[], s: number) => v.map((t) => t * s);
  const lm = modelFromSource('param mu ~ normal(0, 1)\nparam s ~ half_normal(1)\nlet w: vector[3] = ${0}([1, 2, 3], s)\ndata y ~ normal(mu, s)', [spread]);

  it('is reported like any let', () => {
    const m = lm.compile();
    const out = new Float64Array(m.derivedDim);
    m.computeDerived(Float64Array.of(0.1, Math.log(2)), null, out);
    expect(Array.from(out)).toEqual([2, 4, 6].map((v) => expect.closeTo(v, 12)));
    // It does not disturb the density.
    expect(Number.isFinite(m.logJoint(Float64Array.of(0.1, 0.2), m.flattenData({ y: 0.3 })))).toBe(true);
  });

  it('cannot feed a density (it has no derivative)', () => {
    const bad = modelFromSource('param s ~ half_normal(1)\nlet w: real = ${0}(s)\ndata y ~ normal(w, 1)', [(s: number) => s]);
    expect(() => bad.compile()).toThrow(ModelError);
    expect(() => bad.compile()).toThrow(/no derivative/);
  });

  it('a wrong shape from the function is a ModelError naming the let', () => {
    const bad = modelFromSource('param s ~ half_normal(1)\nlet w: vector[2] = ${0}(s)\ndata y ~ normal(0, s)', [() => [1, 2, 3]]);
    const m = bad.compile();
    expect(() => m.computeDerived(Float64Array.of(0), null, new Float64Array(2))).toThrow(/let 'w'/);
  });
});

describe('posterior predictive', () => {
  it('draws one replicate of the data per θ draw, with the right distribution', () => {
    const m = compileModel(sourceToIR('param mu ~ normal(0, 1)\ndata y: vector[2] ~ normal(mu, 0.5)'), {});
    const n = 4000;
    const theta = new Float64Array(n).fill(3);
    const pp = posteriorPredictive(m, theta, createRng(11));
    expect(pp.n).toBe(n);
    const ys = Array.from({ length: n }, (_, i) => (pp.draw(i).y as number[])[0]!);
    const mean = ys.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - 3)).toBeLessThan(4 * 0.5 / Math.sqrt(n));
    expect(Math.abs(sd - 0.5)).toBeLessThan(4 * 0.5 / Math.sqrt(2 * n));
  });
});
