/**
 * Every bijector: round trip u → x → u, log|det J| against the log-determinant of the numeric
 * Jacobian, and backward against finite differences (amortize/testing's checkBijector), over
 * fast-check draws of u; plus the support → bijector mapping and edge behaviour.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bijectorFor, identityBijector, intervalBijector, logBijector, logitBijector, lowerBoundBijector, simplexBijector,
  upperBoundBijector,
} from '../../src/runtime/bijectors/index.js';
import type { Bijector } from '../../src/runtime/bijectors/types.js';
import { checkBijector } from '../../src/testing/bijector.js';

const cases: [string, Bijector][] = [
  ['identity', identityBijector],
  ['log', logBijector],
  ['lower(-3)', lowerBoundBijector(-3)],
  ['upper(2.5)', upperBoundBijector(2.5)],
  ['interval(-1, 4)', intervalBijector(-1, 4)],
  ['logit', logitBijector],
  ['simplex', simplexBijector],
];

describe('bijectors', () => {
  it.each(cases)('%s: round trip, log|J| and backward', (_name, b) => {
    const arb = fc.integer({ min: b === simplexBijector ? 2 : 1, max: 6 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: b.unconstrainedSize(n), maxLength: b.unconstrainedSize(n) }),
      ),
    );
    fc.assert(
      fc.property(arb, ([n, u]) => {
        const r = checkBijector(b, Float64Array.from(u), n);
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('works on slices at offsets without touching neighbours', () => {
    const u = Float64Array.from([9, 0.3, -0.2, 9]);
    const x = Float64Array.from([7, 7, 7, 7, 7]);
    simplexBijector.forward(u, 1, x, 1, 3);
    expect(x[0]).toBe(7);
    expect(x[4]).toBe(7);
    expect(x[1]! + x[2]! + x[3]!).toBeCloseTo(1, 15);
    const back = new Float64Array(4);
    simplexBijector.inverse(x, 1, back, 1, 3);
    expect(back[1]).toBeCloseTo(0.3, 12);
    expect(back[2]).toBeCloseTo(-0.2, 12);
  });

  it('simplex: u = 0 maps to the uniform simplex', () => {
    for (const K of [2, 3, 7]) {
      const x = new Float64Array(K);
      simplexBijector.forward(new Float64Array(K - 1), 0, x, 0, K);
      x.forEach((v) => expect(v).toBeCloseTo(1 / K, 14));
    }
  });

  it('interval: stays strictly inside and keeps log|J| finite for large |u|', () => {
    const b = intervalBijector(0, 1);
    const x = new Float64Array(1);
    for (const u of [-30, 30, -700, 700]) {
      const lj = b.forward(Float64Array.of(u), 0, x, 0, 1);
      expect(Number.isFinite(lj)).toBe(true);
      expect(x[0]).toBeGreaterThanOrEqual(0);
      expect(x[0]).toBeLessThanOrEqual(1);
    }
    b.forward(Float64Array.of(-30), 0, x, 0, 1);
    expect(x[0]).toBeGreaterThan(0);
    expect(b.forward(Float64Array.of(-30), 0, x, 0, 1)).toBeCloseTo(-30 - 2 * Math.log1p(Math.exp(-30)), 12);
  });

  it('inverse of a value outside the support is NaN', () => {
    const u = new Float64Array(2);
    logBijector.inverse(Float64Array.of(-1), 0, u, 0, 1);
    expect(Number.isNaN(u[0])).toBe(true);
    intervalBijector(0, 2).inverse(Float64Array.of(2), 0, u, 0, 1);
    expect(Number.isNaN(u[0])).toBe(true);
    simplexBijector.inverse(Float64Array.of(0.5, 0.6, -0.1), 0, u, 0, 3);
    expect(Number.isNaN(u[0])).toBe(true);
    simplexBijector.inverse(Float64Array.of(0.5, 0.6, 0.1), 0, u, 0, 3);
    expect(Number.isNaN(u[1])).toBe(true);
  });
});

describe('bijectorFor', () => {
  it('picks the bijector from the support', () => {
    expect(bijectorFor({ kind: 'real' })).toBe(identityBijector);
    expect(bijectorFor({ kind: 'positive' })).toBe(logBijector);
    expect(bijectorFor({ kind: 'unit' })).toBe(logitBijector);
    expect(bijectorFor({ kind: 'simplex' })).toBe(simplexBijector);
    expect(bijectorFor({ kind: 'lower', lower: 0 })).toBe(logBijector);
    expect(bijectorFor({ kind: 'lower', lower: 2 }).name).toBe('lower(2)');
    expect(bijectorFor({ kind: 'upper', upper: 1 }).name).toBe('upper(1)');
    expect(bijectorFor({ kind: 'interval', lower: 0, upper: 1 })).toBe(logitBijector);
    expect(bijectorFor({ kind: 'interval', lower: -1, upper: 1 }).name).toBe('interval(-1, 1)');
    expect(bijectorFor({ kind: 'interval', lower: -Infinity, upper: Infinity })).toBe(identityBijector);
    expect(bijectorFor({ kind: 'interval', lower: 3, upper: Infinity }).name).toBe('lower(3)');
    expect(bijectorFor({ kind: 'interval', lower: -Infinity, upper: 3 }).name).toBe('upper(3)');
    expect(() => bijectorFor({ kind: 'integer', lower: 0, upper: 1 })).toThrow(/discrete/);
    expect(() => bijectorFor({ kind: 'interval', lower: 1, upper: 1 })).toThrow(/empty interval/);
  });

  it('maps each distribution-implied support onto the same space the prior lives on', () => {
    // a bijector's forward image must lie inside the support it was chosen for
    const x = new Float64Array(1);
    bijectorFor({ kind: 'interval', lower: -2, upper: 5 }).forward(Float64Array.of(1.3), 0, x, 0, 1);
    expect(x[0]).toBeGreaterThan(-2);
    expect(x[0]).toBeLessThan(5);
  });
});
