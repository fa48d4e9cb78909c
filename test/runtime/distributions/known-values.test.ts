/**
 * One table of known log-density values for every distribution. Expected values are written from
 * closed forms with literal gamma values (Γ(n) = (n-1)!, Γ(½) = √π), not from our lgamma, so the
 * table checks the implementations independently.
 */
import { describe, expect, it } from 'vitest';
import { distributions, getDistribution } from '../../../src/runtime/distributions/index.js';
import type { ScalarDistribution, VectorDistribution } from '../../../src/runtime/distributions/types.js';

const { log, PI, sqrt } = Math;
const LOG_2PI = log(2 * PI);
const F = (...v: number[]): Float64Array => Float64Array.from(v);

type ScalarRow = [name: string, args: number[], x: number, expected: number];
type VectorRow = [name: string, args: Float64Array[], k: number, x: Float64Array, expected: number];

const scalarRows: ScalarRow[] = [
  ['normal', [0, 1], 0, -0.5 * LOG_2PI],
  ['normal', [1, 2], 0, -0.5 * LOG_2PI - log(2) - 0.125],
  ['normal', [-3, 0.5], 1, -0.5 * LOG_2PI - log(0.5) - 32],
  ['lognormal', [0, 1], 1, -0.5 * LOG_2PI],
  ['lognormal', [0, 1], Math.E, -1 - 0.5 * LOG_2PI - 0.5],
  ['lognormal', [1, 2], 0, -Infinity],
  ['uniform', [-1, 3], 0, -log(4)],
  ['uniform', [-1, 3], 3.5, -Infinity],
  ['half_normal', [2], 1, log(2) - 0.5 * LOG_2PI - log(2) - 0.125],
  ['half_normal', [1], -0.1, -Infinity],
  ['half_cauchy', [1], 1, log(2 / PI) - log(2)],
  ['half_cauchy', [2], 0, log(2 / PI) - log(2)],
  ['cauchy', [0, 1], 0, -log(PI)],
  ['cauchy', [1, 2], 3, -log(2 * PI) - log(2)],
  ['student_t', [1, 0, 1], 0, -log(PI)], // ν = 1 is Cauchy
  ['student_t', [3, 0, 1], 0, log(2 / (PI * sqrt(3)))], // Γ(2) / (Γ(3/2) √(3π))
  ['student_t', [2, 1, 2], 3, log(1 / (2 * sqrt(2))) - 1.5 * log(1.5) - log(2)],
  ['exponential', [2], 1.5, log(2) - 3],
  ['exponential', [2], -1, -Infinity],
  ['gamma', [2, 3], 1, 2 * log(3) - 3], // Γ(2) = 1
  ['gamma', [0.5, 1], 2, -0.5 * log(PI) - 0.5 * log(2) - 2], // Γ(½) = √π
  ['gamma', [3, 0.5], 4, 3 * log(0.5) - log(2) + 2 * log(4) - 2], // Γ(3) = 2
  ['inv_gamma', [3, 2], 1, 3 * log(2) - log(2) - 2],
  ['inv_gamma', [1, 1], 0.5, -2 * log(0.5) - 2],
  ['beta', [2, 3], 0.25, log(12) + log(0.25) + 2 * log(0.75)], // B(2,3) = 1/12
  ['beta', [0.5, 0.5], 0.5, -log(PI) + log(2)], // B(½,½) = π
  ['beta', [1, 1], 1.5, -Infinity],
  ['bernoulli', [0.3], 1, log(0.3)],
  ['bernoulli', [0.3], 0, log(0.7)],
  ['bernoulli', [0.3], 2, -Infinity],
  ['binomial', [10, 0.3], 3, log(120) + 3 * log(0.3) + 7 * log(0.7)],
  ['binomial', [5, 0], 0, 0],
  ['binomial', [5, 1], 5, 0],
  ['binomial', [5, 0.5], 2.5, -Infinity],
  ['poisson', [2.5], 3, 3 * log(2.5) - 2.5 - log(6)],
  ['poisson', [1], 0, -1],
  ['poisson', [1], -1, -Infinity],
  ['poisson', [0], 0, 0],
  ['poisson', [0], 1, -Infinity],
];

const sigma2 = F(2, 0.5, 0.5, 1); // det 1.75; r = (-1, -2) gives rᵀΣ⁻¹r = 4
const chol2 = F(sqrt(2), 0, 0.5 / sqrt(2), sqrt(1 - 0.125));
const vectorRows: VectorRow[] = [
  ['categorical', [F(0.2, 0.5, 0.3)], 1, F(2), log(0.5)],
  ['categorical', [F(0.2, 0.5, 0.3)], 1, F(4), -Infinity],
  ['categorical', [F(0.2, 0.5, 0.3)], 1, F(0), -Infinity],
  ['dirichlet', [F(1, 1, 1)], 3, F(0.2, 0.3, 0.5), log(2)], // Γ(3)
  ['dirichlet', [F(2, 3, 4)], 3, F(0.2, 0.3, 0.5), log(3360) + log(0.2) + 2 * log(0.3) + 3 * log(0.5)], // 8!/(1!·2!·3!)
  ['dirichlet', [F(2, 3, 4)], 3, F(0.2, 0.3, 0.6), -Infinity],
  ['multi_normal', [F(1, 2), sigma2], 2, F(0, 0), -LOG_2PI - 0.5 * log(1.75) - 2],
  ['multi_normal', [F(0, 0), F(1, 0, 0, 1)], 2, F(0, 0), -LOG_2PI],
  ['multi_normal', [F(0, 0), F(1, 2, 2, 1)], 2, F(0, 0), -Infinity], // not positive definite
  ['multi_normal_cholesky', [F(1, 2), chol2], 2, F(0, 0), -LOG_2PI - 0.5 * log(1.75) - 2],
  ['multi_normal_cholesky', [F(0, 0, 0), F(2, 0, 0, 0, 2, 0, 0, 0, 2)], 3, F(2, 0, 0), -1.5 * LOG_2PI - 3 * log(2) - 0.5],
];

describe('known log-density values', () => {
  it('names only registered distributions (reference-values.test.ts covers every one against scipy)', () => {
    const covered = new Set([...scalarRows.map((r) => r[0]), ...vectorRows.map((r) => r[0])]);
    for (const name of covered) expect(Object.keys(distributions)).toContain(name);
  });

  it.each(scalarRows)('%s%j at x = %s', (name, args, x, expected) => {
    const d = getDistribution(name) as ScalarDistribution;
    const [a = 0, b = 0, c = 0] = args;
    const lp = d.logDensity(x, a, b, c);
    if (expected === -Infinity) expect(lp).toBe(-Infinity);
    else expect(Math.abs(lp - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
    // logDensityGrad returns the same value.
    expect(d.logDensityGrad(new Float64Array(4), x, a, b, c)).toBe(lp);
  });

  it.each(vectorRows)('%s at row %#', (name, args, k, x, expected) => {
    const d = getDistribution(name) as VectorDistribution;
    const lp = d.logDensity(x, args, k);
    if (expected === -Infinity) expect(lp).toBe(-Infinity);
    else expect(Math.abs(lp - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
    const gx = new Float64Array(x.length);
    expect(d.logDensityGrad(x, args, k, gx, args.map((a) => new Float64Array(a.length)))).toBe(lp);
  });

  it('returns undefined for unknown names (and not Object.prototype members)', () => {
    expect(getDistribution('nromal')).toBeUndefined();
    expect(getDistribution('toString')).toBeUndefined();
  });
});
