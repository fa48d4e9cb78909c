/**
 * The building blocks of amortize/testing: arbitraries stay inside their supports and replay,
 * and the generic checks reject broken implementations with messages that say what is wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Support } from '../../src/runtime/distributions/types.js';
import { intervalBijector, simplexBijector } from '../../src/runtime/bijectors/index.js';
import type { Bijector } from '../../src/runtime/bijectors/types.js';
import { arbitraryDataset, arbitraryInSupport, checkBijector, checkGradient, logAbsDet } from '../../src/testing/index.js';
import { continuousGoodnessOfFit, integrate } from '../../src/testing/statistics.js';
import { normalNormal } from './fixtures/hand-models.js';
import { createRng } from '../../src/runtime/rng.js';

function inSupport(s: Support, x: Float64Array): boolean {
  switch (s.kind) {
    case 'real': return x.every(Number.isFinite);
    case 'positive': return x.every((v) => v > 0);
    case 'lower': return x.every((v) => v > s.lower);
    case 'upper': return x.every((v) => v < s.upper);
    case 'unit': return x.every((v) => v > 0 && v < 1);
    case 'interval': return x.every((v) => v > s.lower && v < s.upper);
    case 'integer': return x.every((v) => Number.isInteger(v) && v >= s.lower && v <= s.upper);
    case 'simplex': return x.every((v) => v > 0) && Math.abs(x.reduce((a, b) => a + b, 0) - 1) < 1e-12;
  }
}

describe('arbitraries', () => {
  const supports: Support[] = [
    { kind: 'real' }, { kind: 'positive' }, { kind: 'lower', lower: -3 }, { kind: 'upper', upper: 2 }, { kind: 'unit' },
    { kind: 'interval', lower: 5, upper: 6 }, { kind: 'integer', lower: 0, upper: Infinity }, { kind: 'integer', lower: -2, upper: 2 },
    { kind: 'simplex' },
  ];
  it.each(supports)('arbitraryInSupport(%j) stays inside', (s) => {
    fc.assert(fc.property(arbitraryInSupport(s, 4), (x) => x.length === 4 && inSupport(s, x)), { seed: 3, numRuns: 200 });
  });

  it('arbitraryDataset replays: same seed and index give the same data set', () => {
    const m = normalNormal();
    const a = fc.sample(arbitraryDataset(m, 'replay'), { seed: 9, numRuns: 5 });
    const b = fc.sample(arbitraryDataset(m, 'replay'), { seed: 9, numRuns: 5 });
    expect(a.map((d) => Array.from(d.x))).toEqual(b.map((d) => Array.from(d.x)));
    expect(a[0]!.x.length).toBe(m.dataDim);
    expect(a[0]!.u.length).toBe(m.unconstrainedDim);
  });
});

describe('generic checks', () => {
  it('checkGradient accepts a right gradient and names the wrong coordinate', () => {
    const f = (x: Float64Array, g: Float64Array) => {
      g[0] = Math.cos(x[0]!) * x[1]!;
      g[1] = Math.sin(x[0]!);
      return Math.sin(x[0]!) * x[1]!;
    };
    expect(checkGradient(f, Float64Array.of(0.7, -2)).ok).toBe(true);
    const wrong = (x: Float64Array, g: Float64Array) => {
      const v = f(x, g);
      g[1] = -g[1]!;
      return v;
    };
    const r = checkGradient(wrong, Float64Array.of(0.7, -2), { names: ['a', 'b'] });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/∂\/∂b/);
    expect(r.message).not.toMatch(/∂\/∂a/);
  });

  it('checkBijector rejects a wrong log|J| and a wrong backward', () => {
    const good = intervalBijector(0, 3);
    const badLogJ: Bijector = { ...good, forward: (u, uo, x, xo, n) => good.forward(u, uo, x, xo, n) + 0.01 };
    const r1 = checkBijector(badLogJ, Float64Array.of(0.4), 1);
    expect(r1.ok).toBe(false);
    expect(r1.message).toMatch(/numeric Jacobian/);
    const badBackward: Bijector = {
      ...simplexBijector,
      backward: (u, uo, gx, go, gu, guo, n) => simplexBijector.backward(u, uo, gx, go, gu, guo, n - 1),
    };
    const r2 = checkBijector(badBackward, Float64Array.of(0.4, -1, 2), 4);
    expect(r2.ok).toBe(false);
    expect(r2.message).toMatch(/backward/);
  });

  it('logAbsDet matches a hand-computed determinant', () => {
    expect(logAbsDet(Float64Array.of(0, 2, 3, 1), 2)).toBeCloseTo(Math.log(6), 14);
    expect(logAbsDet(Float64Array.of(1, 2, 2, 4), 2)).toBe(-Infinity);
  });

  it('quadrature integrates a normal density between quantiles to 1e-10', () => {
    const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    expect(integrate(phi, -1.959963984540054, 1.959963984540054, 1e-13)).toBeCloseTo(0.95, 10);
  });

  it('χ² goodness of fit is uniform-ish under the null: p > 0.001 on a correct sample', () => {
    const r = createRng(12);
    const draws = Float64Array.from({ length: 20_000 }, () => r.normal());
    const pilot = Float64Array.from({ length: 3000 }, () => r.normal());
    const gof = continuousGoodnessOfFit((x) => -0.5 * x * x - 0.5 * Math.log(2 * Math.PI), draws, pilot, 25);
    expect(gof.df).toBeGreaterThan(15);
    expect(gof.pValue).toBeGreaterThan(1e-3);
  });
});
