/**
 * The `model` entry point: template rendering, names by role, splitData, compile delegation.
 */
import { describe, expect, it } from 'vitest';
import { model, modelFromSource } from '../../src/lang/dsl.js';
import { DataError, ModelError } from '../../src/lang/errors.js';
import { coin, eightSchoolsSource, gpSource } from './examples.js';
import { at, modelErrorOf } from './helpers.js';

describe('model`...`', () => {
  it('renders interpolations as ${i} in the source that errors show', () => {
    const sigma = [1, 2, 3];
    const m = model`
      input n: int
      param mu ~ normal(${0}, ${sigma}[1])
      let s = ${sigma}
    `;
    expect(m.ir.source).toBe('\n      input n: int\n      param mu ~ normal(${0}, ${1}[1])\n      let s = ${2}\n    ');
    const error = modelErrorOf(() => model`
      param mu ~ normal(0, 1)
      data y ~ normal(mu, ${'oops'})
    `);
    expect(error.problem).toBe('cannot use ${0} here: it is the string "oops"');
    expect(at(error)).toBe('3:27');
    expect(error.message).toContain('3 |       data y ~ normal(mu, ${0})');
  });

  it('lists names by role in source order', () => {
    const m = model`
      input N: int; input x: vector[N]
      param b ~ normal(0, 1); latent z: vector[N] ~ normal(0, 1); param a ~ normal(0, 1)
      let mu = a + b * x + z
      data y: vector[N] ~ normal(mu, 1)
      data t: real = sum(y)
    `;
    expect(m.inputNames).toEqual(['N', 'x']);
    expect(m.paramNames).toEqual(['b', 'a']);
    expect(m.latentNames).toEqual(['z']);
    expect(m.dataNames).toEqual(['y', 't']);
  });

  it('makes simulator data from an interpolated function', () => {
    function simulate(_rng: unknown, theta: number) {
      return [theta, theta];
    }
    const m = model`
      param theta ~ normal(0, 1)
      data x: vector[2] = ${simulate}(theta)
    `;
    const x = m.ir.statements[1]!;
    expect(x.kind === 'data' && x.simulator?.fn).toBe(simulate);
    expect(x.kind === 'data' && x.simulator?.label).toBe('simulate');
    expect(x.kind === 'data' && x.simulator?.loc).toMatchObject({ line: 3, column: 27 });
  });

  it('refuses what is neither a template nor a builder', () => {
    expect(() => model(42 as never)).toThrow(ModelError);
    expect(() => modelFromSource(undefined as never)).toThrow(ModelError);
  });
});

describe('splitData', () => {
  it('splits by declared inputs and data', () => {
    expect(coin().splitData({ n: 10, heads: 7 })).toEqual({ inputs: { n: 10 }, data: { heads: 7 } });
  });

  it('refuses unknown names, listing the valid ones', () => {
    let error: unknown;
    try {
      coin().splitData({ n: 10, head: 7 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).variable).toBe('head');
    expect((error as DataError).expected).toBe('one of n, heads');
  });
});

describe('compile', () => {
  it('delegates to the compiler and caches per distinct inputs', () => {
    const m = coin();
    const first = m.compile({ n: 10 });
    expect(m.compile({ n: 10 })).toBe(first);
    expect(m.compile({ n: 11 })).not.toBe(first);
    expect(first.params.map((p) => p.name)).toEqual(['p']);
    expect(first.inputs).toEqual({ n: 10 });
  });

  it('compiles the eight schools and GP examples (the IR is what the compiler expects)', () => {
    const schools = modelFromSource(eightSchoolsSource).compile({ J: 8, sigma: [15, 10, 16, 11, 9, 11, 10, 18] });
    expect([schools.dim, schools.dataDim]).toEqual([10, 8]);
    const D = Array.from({ length: 256 }, (_, i) => Array.from({ length: 256 }, (_, j) => Math.abs(i - j) / 256));
    const gp = modelFromSource(gpSource).compile({ D });
    expect([gp.dim, gp.dataDim]).toEqual([1, 256]);
  });
});
