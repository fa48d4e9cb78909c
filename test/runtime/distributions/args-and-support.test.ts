/**
 * Argument checks name the distribution and the argument; log densities are finite inside the
 * support and -Infinity outside (and for invalid arguments, without throwing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistributionArgumentError } from '../../../src/runtime/distributions/checks.js';
import { getDistribution, scalarDistributions } from '../../../src/runtime/distributions/index.js';
import type { ScalarDistribution, VectorDistribution } from '../../../src/runtime/distributions/types.js';
import { arbitraryInSupport } from '../../../src/testing/arbitraries.js';
import { checkScalarDensitySupport, checkVectorDensitySupport } from '../../../src/testing/support.js';

const scalar = (n: string) => getDistribution(n) as ScalarDistribution;
const vector = (n: string) => getDistribution(n) as VectorDistribution;
const F = (...v: number[]) => Float64Array.from(v);

describe('checkArgs', () => {
  it.each([
    ['normal', [0, -1], 'normal: Scale parameter sigma must be positive and finite, got -1'],
    ['normal', [NaN, 1], 'normal: Location parameter mu must be finite, got NaN'],
    ['gamma', [0, 1], 'gamma: Shape parameter alpha must be positive and finite, got 0'],
    ['beta', [1, Infinity], 'beta: Second shape parameter beta must be positive and finite, got Infinity'],
    ['bernoulli', [1.2], 'bernoulli: Probability parameter theta must be a probability in [0, 1], got 1.2'],
    ['binomial', [2.5, 0.5], 'binomial: Population size parameter N must be a nonnegative integer, got 2.5'],
    ['student_t', [-2, 0, 1], 'student_t: Degrees of freedom parameter nu must be positive and finite, got -2'],
    ['uniform', [2, 1], 'uniform: Upper bound parameter beta must be greater than alpha, got alpha 2, beta 1'],
  ] as [string, number[], string][])('%s%j → %s', (name, args, message) => {
    const [a = 0, b = 0, c = 0] = args;
    expect(() => scalar(name).checkArgs(a, b, c)).toThrow(message);
    // The same arguments inside logDensity give -Infinity, never a throw.
    expect(scalar(name).logDensity(0.5, a, b, c)).toBe(-Infinity);
  });

  it('accepts valid arguments', () => {
    expect(() => scalar('normal').checkArgs(0, 1, 0)).not.toThrow();
    expect(() => vector('dirichlet').checkArgs([F(1, 2)], 2)).not.toThrow();
    expect(() => vector('multi_normal').checkArgs([F(0, 0), F(1, 0.2, 0.2, 1)], 2)).not.toThrow();
  });

  it('vector distributions name the argument too', () => {
    expect(() => vector('dirichlet').checkArgs([F(1, -2)], 2)).toThrow('dirichlet: Prior sample sizes alpha must be a vector of positive finite numbers, got [1, -2]');
    expect(() => vector('categorical').checkArgs([F(0.5, 0.6)], 1)).toThrow(/categorical: Probabilities parameter theta must be a simplex/);
    expect(() => vector('multi_normal').checkArgs([F(0, 0), F(1, 0.3, 0.2, 1)], 2)).toThrow(/multi_normal: Covariance matrix Sigma must be a symmetric positive-definite/);
    expect(() => vector('multi_normal').checkArgs([F(0, 0), F(1, 2, 2, 1)], 2)).toThrow(/Covariance matrix Sigma/);
    expect(() => vector('multi_normal_cholesky').checkArgs([F(0, 0), F(1, 1, 0, 1)], 2)).toThrow(/Cholesky factor of covariance matrix L must be a lower-triangular/);
  });
});

describe('DistributionArgumentError', () => {
  it('is typed, with function, argument, label, expected and got (Stan math style)', () => {
    let err: unknown;
    try {
      vector('multi_normal_cholesky').checkArgs([F(0, 0), F(1, 0.5, 0, 1)], 2); // non-zero above the diagonal
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DistributionArgumentError);
    const e = err as DistributionArgumentError;
    expect([e.fn, e.argument, e.label, e.expected]).toEqual(['multi_normal_cholesky', 'L', 'Cholesky factor of covariance matrix', 'a lower-triangular matrix with positive diagonal']);
    expect(e.got).toBe('[1, 0.5, 0, 1]');
    expect(() => scalar('normal').checkArgs(0, -1, 0)).toThrow(DistributionArgumentError);
  });
});

describe('support', () => {
  it('reports the support each distribution puts its mass on', () => {
    expect(scalar('uniform').support(-1, 2, 0)).toEqual({ kind: 'interval', lower: -1, upper: 2 });
    expect(scalar('binomial').support(7, 0.5, 0)).toEqual({ kind: 'integer', lower: 0, upper: 7 });
    expect(scalar('beta').support(1, 1, 0)).toEqual({ kind: 'unit' });
    expect(scalar('gamma').support(1, 1, 0)).toEqual({ kind: 'positive' });
    expect(vector('dirichlet').support()).toEqual({ kind: 'simplex' });
  });

  it.each(Object.keys(scalarDistributions))('%s: finite inside the support, -Infinity outside', (name) => {
    const dist = scalarDistributions[name]!;
    const args = name === 'uniform' ? [-2, 3] : dist.args.map((s) => (s.constraint === 'nonnegative-int' ? 12 : s.constraint === 'probability' ? 0.35 : s.constraint === 'finite' ? 0.5 : 1.7));
    const support = dist.support(args[0] ?? 0, args[1] ?? 0, args[2] ?? 0);
    fc.assert(
      fc.property(arbitraryInSupport(support, 1, { magnitude: 20 }), (x) => {
        const r = checkScalarDensitySupport(dist, args, x[0]!);
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('vector distributions: -Infinity off the simplex and off the integers', () => {
    const inside = F(0.2, 0.3, 0.5);
    expect(checkVectorDensitySupport(vector('dirichlet'), [F(2, 3, 4)], 3, inside).ok).toBe(true);
    expect(checkVectorDensitySupport(vector('categorical'), [F(0.2, 0.3, 0.5)], 1, F(3)).ok).toBe(true);
    expect(checkVectorDensitySupport(vector('multi_normal'), [F(0, 0), F(1, 0, 0, 1)], 2, F(1e3, -1e3)).ok).toBe(true);
  });
});
