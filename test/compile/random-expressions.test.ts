/**
 * Property: for random expression trees over a vector parameter `a`, a positive scalar `s`
 * and a constant vector input `c` (elementwise maps, broadcasting arithmetic, reductions,
 * indexing, vector literals), the generated gradient equals central finite differences of the
 * generated log density. Exercises loop fusion and loop-local temporaries on shapes a
 * hand-written test would not think of.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileModel } from '../../src/lang/compile/index.js';
import { sourceToIR } from '../../src/lang/to-ir.js';
import { fdGrad, relErr } from './helpers.js';

type Gen = fc.Arbitrary<string>;
const vecLeaf: Gen = fc.constantFrom('a', 'c', 'theta');
const scalarLeaf: Gen = fc.constantFrom('s', 'a[2]', '0.5', 'theta[3]', 'sum(c)');

const { vec, scal } = fc.letrec<{ vec: string; scal: string }>((tie) => ({
  vec: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    vecLeaf,
    fc.tuple(fc.constantFrom('tanh', 'sin', 'logistic', 'softplus', 'square', 'exp'), tie('vec')).map(([f, x]) => `${f}(${x})`),
    fc.tuple(tie('vec'), fc.constantFrom('+', '-', '.*'), tie('vec')).map(([x, o, y]) => `(${x} ${o} ${y})`),
    fc.tuple(tie('scal'), fc.constantFrom('+', '*', '-'), tie('vec')).map(([x, o, y]) => `(${x} ${o} ${y})`),
    fc.tuple(tie('vec'), tie('scal')).map(([x, y]) => `(${x} / (1 + square(${y})))`),
    fc.tuple(tie('scal'), tie('scal'), tie('scal')).map(([x, y, z]) => `[${x}, ${y}, ${z}]`),
  ),
  scal: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarLeaf,
    tie('vec').map((x) => `sum(${x})`),
    tie('vec').map((x) => `log_sum_exp(${x})`),
    fc.tuple(tie('vec'), tie('vec')).map(([x, y]) => `dot(${x}, ${y})`),
    tie('vec').map((x) => `${x}[1]`.startsWith('(') || x.startsWith('[') ? `sum(${x})` : `${x}[1]`),
    fc.tuple(tie('scal'), tie('scal')).map(([x, y]) => `(${x} * tanh(${y}))`),
    tie('scal').map((x) => `log(1 + square(${x}))`),
  ),
}));

describe('random expressions: generated gradient = finite differences', () => {
  it('holds for 60 random models', () => {
    fc.assert(
      fc.property(vec, scal, fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), (v, sc, u0) => {
        const src = `
          input c: vector[3]
          param a: vector[3] ~ normal(0, 1)
          param s ~ lognormal(0, 0.5)
          let theta = a .* c + s
          data y: vector[3] ~ normal(${v}, 1 + square(${sc}))
        `;
        const m = compileModel(sourceToIR(src), { c: [0.3, -1.2, 2] });
        const x = m.flattenData({ y: [0.1, -0.5, 0.9] });
        const u = Float64Array.from(u0);
        const g = new Float64Array(4);
        const lp = m.logJointGrad(u, x, g);
        expect(lp).toBeCloseTo(m.logJoint(u, x), 10);
        const fd = fdGrad((w) => m.logJoint(w, x), u, 1e-6);
        expect(relErr(g, fd)).toBeLessThan(1e-5);
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
