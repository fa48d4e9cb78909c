/**
 * The checker and the compiler accept the same language: every function the code generator can
 * differentiate passes the checker, and the constructs the compiler lowers specially (int-vector
 * indexing, triangular solves, cholesky_decompose) check and compile with correct gradients.
 */
import { describe, expect, it } from 'vitest';
import { modelFromSource } from '../../src/lang/dsl.js';
import { ALIASES, ELEMENTWISE } from '../../src/lang/compile/builtins.js';
import { assertModelProperties } from '../../src/testing/index.js';

// An argument inside every function's domain (log, sqrt, logit, lgamma, inv need (0, 1)).
const elementwise = [...Object.keys(ELEMENTWISE), ...Object.keys(ALIASES)];

describe('checker and compiler agree', () => {
  it.each(elementwise)('%s passes the checker and compiles with correct gradients', (fn) => {
    const m = modelFromSource(`
      param a ~ uniform(0.1, 0.9)
      data y ~ normal(${fn}(a), 1)
    `).compile({});
    assertModelProperties(m, { numRuns: 10, seed: 3, simulator: { draws: 500 } });
  });

  it('indexing a vector with an int vector (gather)', () => {
    const lang = modelFromSource(`
      input N: int
      input group: int[N]
      param effect: vector[3] ~ normal(0, 1)
      data y: vector[N] ~ normal(effect[group], 0.5)
    `);
    const m = lang.compile({ N: 5, group: [1, 3, 3, 2, 1] });
    expect(m.dataDim).toBe(5);
    assertModelProperties(m, { numRuns: 15, seed: 4, simulator: { draws: 1000 } });
  });

  it('a gather by a real vector is refused with the index location', () => {
    expect(() => modelFromSource(`
      input w: vector[2]
      param effect: vector[3] ~ normal(0, 1)
      data y: vector[2] ~ normal(effect[w], 1)
    `)).toThrow(/an index must be an int scalar \(or, for a vector, one int vector\) at 4:41/);
  });

  it('mdivide_left_tri_low and cholesky_decompose', () => {
    const m = modelFromSource(`
      input A: matrix[2, 2]
      param s ~ lognormal(0, 0.3)
      param b: vector[2] ~ normal(0, 1)
      let L = cholesky_decompose(s * A)
      data y: vector[2] ~ normal(mdivide_left_tri_low(L, b), 1)
    `);
    assertModelProperties(m.compile({ A: [[2, 0.3], [0.3, 1]] }), { numRuns: 15, seed: 5, simulator: { draws: 1000 } });
  });

  it('mdivide_left_tri_low with mismatched sizes names both shapes', () => {
    expect(() => modelFromSource(`
      input L: matrix[3, 3]
      param b: vector[2] ~ normal(0, 1)
      data y: vector[2] ~ normal(mdivide_left_tri_low(L, b), 1)
    `)).toThrow(/L and b must agree in size[\s\S]*matrix\[3, 3\] and vector\[2\]/);
  });
});
