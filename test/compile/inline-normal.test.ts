/**
 * The inline normal template (codegen/inline-normal.ts) must agree exactly with the registry's
 * normal (runtime/distributions/normal.ts): value, gradient, and -Infinity for invalid input.
 */
import { describe, expect, it } from 'vitest';
import { inlineNormal } from '../../src/lang/compile/codegen/inline-normal.js';
import { normal } from '../../src/runtime/distributions/normal.js';

const fnFor = (sigmaLiteral?: number) => {
  const sigma = sigmaLiteral === undefined ? 's' : String(sigmaLiteral);
  const code = inlineNormal('x', 'm', sigma, (k, e) => `g[${k}] += ${e};`);
  return new Function('x', 'm', 's', 'g', `let lp = 0; ${code} return lp;`) as (x: number, m: number, s: number, g: number[]) => number;
};

describe('inline normal', () => {
  const f = fnFor();
  const cases = [
    [0.3, -1.2, 0.7], [5, 5, 2], [-3, 1, 1e-3], [1e3, 0, 10], [0, 0, 1],
    [1, 0, 0], [1, 0, -1], [1, 0, Infinity], [NaN, 0, 1], [Infinity, 0, 1], [1, -Infinity, 1], [1, 0, NaN],
  ] as const;
  for (const [x, m, s] of cases) {
    it(`x=${x}, mu=${m}, sigma=${s}`, () => {
      const g = [0, 0, 0];
      const lp = f(x, m, s, g);
      const out = new Float64Array(4);
      const ref = normal.logDensityGrad(out, x, m, s, 0);
      expect(lp).toBe(normal.logDensity(x, m, s, 0));
      if (ref === -Infinity) {
        expect(lp).toBe(-Infinity);
        expect(g).toEqual([0, 0, 0]);
      } else {
        expect(lp).toBeCloseTo(ref, 13);
        for (let k = 0; k < 3; k++) expect(g[k]).toBeCloseTo(out[k]!, 12);
      }
    });
  }
  it('folds log(sigma) for a literal scale', () => {
    expect(inlineNormal('x', '0', '2')).not.toMatch(/Math\.log/);
    expect(fnFor(2)(0.5, 0, 999, [0, 0, 0])).toBeCloseTo(normal.logDensity(0.5, 0, 2, 0), 14);
  });
});
