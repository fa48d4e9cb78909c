/**
 * What users get wrong: inputs and data with wrong shapes, types, NaN, non-integers, missing
 * or unknown names (DataError naming the variable, expected vs found); model problems found at
 * compile time (ModelError); simulator-only models (no likelihood, InferenceError, no portable
 * density) and simulators returning the wrong shape.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/lang/compile/index.js';
import { DataError, InferenceError, ModelError } from '../../src/lang/errors.js';
import { createRng } from '../../src/runtime/rng.js';
import type { ModelIR } from '../../src/lang/ir.js';
import { bin, call, data, dist, input, int, ir, let_, num, param, real, ref } from './helpers.js';

const reg = ir(
  input('N', int()),
  input('x', real('N')),
  input('X', real('N', 2)),
  param('a', dist('normal', num(0), num(1))),
  data('y', dist('normal', bin('*', ref('a'), ref('x')), num(1)), real('N')),
  data('k', dist('poisson', call('exp', ref('a')))),
);
const good = { N: 3, x: [1, 2, 3], X: [[1, 2], [3, 4], [5, 6]] };

function dataError(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('input validation', () => {
  it('accepts valid inputs', () => expect(compileModel(reg, good).dataDim).toBe(4));
  it('missing input', () => expect(dataError(() => compileModel(reg, { N: 3, X: good.X })).variable).toBe('x'));
  it('wrong vector length names expected and found', () => {
    const e = dataError(() => compileModel(reg, { ...good, x: [1, 2] }));
    expect(e.variable).toBe('x');
    expect(e.expected).toBe('vector[3]');
    expect(e.found).toBe('an array of length 2');
  });
  it('ragged matrix', () => expect(dataError(() => compileModel(reg, { ...good, X: [[1, 2], [3], [5, 6]] })).variable).toBe('X'));
  it('NaN', () => expect(dataError(() => compileModel(reg, { ...good, x: [1, NaN, 3] })).message).toMatch(/NaN/));
  it('non-integer for int', () => expect(dataError(() => compileModel(reg, { ...good, N: 2.5 })).message).toMatch(/integer/));
  it('a string is not coerced', () => expect(dataError(() => compileModel(reg, { ...good, x: [1, '2', 3] })).variable).toBe('x'));
  it('unknown input', () => expect(dataError(() => compileModel(reg, { ...good, z: 1 })).variable).toBe('z'));
});

describe('data validation', () => {
  const m = compileModel(reg, good);
  it('flattens and unflattens', () => {
    const x = m.flattenData({ y: [1, 2, 3], k: 4 });
    expect(Array.from(x)).toEqual([1, 2, 3, 4]);
    expect(m.unflattenData(x)).toEqual({ y: [1, 2, 3], k: 4 });
  });
  it('wrong shape', () => expect(dataError(() => m.flattenData({ y: [1, 2], k: 4 })).expected).toBe('vector[3]'));
  it('scalar given for a vector', () => expect(dataError(() => m.flattenData({ y: 1, k: 4 })).variable).toBe('y'));
  it('non-integer count for a discrete distribution', () => {
    const e = dataError(() => m.flattenData({ y: [1, 2, 3], k: 1.5 }));
    expect(e.variable).toBe('k');
    expect(e.expected).toBe('int scalar');
  });
  it('missing data', () => expect(dataError(() => m.flattenData({ y: [1, 2, 3] })).variable).toBe('k'));
  it('unknown data name', () => expect(dataError(() => m.flattenData({ y: [1, 2, 3], k: 1, q: 2 })).variable).toBe('q'));
  it('θ outside the support', () => {
    const mm = compileModel(ir(param('s', dist('exponential', num(1)))));
    expect(dataError(() => mm.toUnconstrained(Float64Array.of(-1))).variable).toBe('s');
  });
});

describe('model errors at compile time', () => {
  const expectModelError = (m: ModelIR, re: RegExp, inputs = {}) => expect(() => compileModel(m, inputs)).toThrow(re);
  it('a parameter-dependent bound of a bounded support', () => {
    expect(() => compileModel(ir(param('a', dist('exponential', num(1))), param('b', dist('uniform', num(0), ref('a')))))).toThrow(ModelError);
    expectModelError(ir(param('a', dist('exponential', num(1))), param('b', dist('uniform', num(0), ref('a')))), /support of param 'b'.*constants/);
  });
  it('unknown distribution and function', () => {
    expectModelError(ir(param('a', dist('normall', num(0), num(1)))), /unknown distribution 'normall'/);
    expectModelError(ir(param('a', dist('normal', num(0), num(1))), let_('b', call('foo', ref('a')))), /unknown function 'foo'/);
  });
  it('wrong arity and shape mismatches', () => {
    expectModelError(ir(param('a', dist('normal', num(0)))), /normal takes 2 arguments/);
    expectModelError(ir(input('x', real(3)), input('y', real(2)), let_('z', bin('+', ref('x'), ref('y')))), /shapes do not match/, { x: [1, 2, 3], y: [1, 2] });
  });
  it('a prior that depends on observed data', () => {
    expectModelError(ir(
      param('a', dist('normal', num(0), num(1))),
      data('y', dist('normal', ref('a'), num(1))),
      param('b', dist('normal', bin('+', ref('a'), ref('y')), num(1))),
    ), /prior of param 'b' depends on observed data/);
  });
  it('a discrete parameter', () => expectModelError(ir(param('k', dist('poisson', num(3)))), /discrete/));
  it('invalid constant distribution arguments are reported at compile time', () => {
    expectModelError(ir(param('a', dist('normal', num(0), num(-1)))), /scale|positive/);
  });
  it('a constant index out of range', () => {
    expectModelError(ir(input('x', real(3)), let_('z', { kind: 'index', target: ref('x'), indices: [num(4)] })), /out of range/, { x: [1, 2, 3] });
  });
});

describe('simulator-only models', () => {
  const sim = (rng: { normal(): number }, mu: number) => [mu + rng.normal(), mu + rng.normal()];
  const simIR = (fn: (...a: never[]) => unknown): ModelIR => ({
    statements: [
      param('mu', dist('normal', num(0), num(1))),
      { kind: 'data', name: 'x', type: real(2), simulator: { fn: fn as never, label: 'mySim', args: [ref('mu')] } },
      { kind: 'data', name: 's', deterministic: call('sum', ref('x')) },
    ],
  });
  const m = compileModel(simIR(sim), {});

  it('simulates, with the deterministic data computed from the simulated data', () => {
    const { theta, x } = m.simulate(2000, createRng(1));
    expect(x.length).toBe(6000);
    for (let i = 0; i < 5; i++) expect(x[i * 3 + 2]).toBeCloseTo(x[i * 3]! + x[i * 3 + 1]!, 12);
    let r = 0;
    for (let i = 0; i < 2000; i++) r += (x[i * 3]! - theta[i]!) ** 2 / 2000;
    expect(r).toBeCloseTo(1, 0);
  });
  it('has no likelihood, names the node, and refuses densities that need one', () => {
    expect(m.hasLikelihood).toBe(false);
    expect(m.noLikelihoodReason).toMatch(/'x'.*mySim/);
    expect(m.data.map((d) => d.hasDensity)).toEqual([false, false]);
    expect(() => m.logLikelihood(new Float64Array(1), new Float64Array(3))).toThrow(InferenceError);
    expect(() => m.logJointGrad(new Float64Array(1), new Float64Array(3), new Float64Array(1))).toThrow(/mySim/);
    expect(m.portableDensity()).toBeNull();
    expect(Number.isFinite(m.logPrior(new Float64Array(1)))).toBe(true);
  });
  it('a simulator returning the wrong shape is a ModelError naming the node', () => {
    const bad = compileModel(simIR(() => [1, 2, 3]), {});
    expect(() => bad.simulate(1, createRng(1))).toThrow(ModelError);
    expect(() => bad.simulate(1, createRng(1))).toThrow(/mySim.*'x'/);
    const nan = compileModel(simIR(() => [1, NaN]), {});
    expect(() => nan.simulate(1, createRng(1))).toThrow(/NaN/);
  });
});
