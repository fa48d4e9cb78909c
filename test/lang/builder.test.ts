/**
 * The builder and the DSL are two spellings of the same IR: equal modulo locations.
 */
import { describe, expect, it } from 'vitest';
import { model, modelFromSource } from '../../src/lang/dsl.js';
import {
  Ex, add, beta, binomial, call, cond, exp, halfCauchy, intVector, normal, pow, simulator, vec, vector,
} from '../../src/lang/builder.js';
import { coin, coinBuilt, coinSource, eightSchoolsBuilt, eightSchoolsSource, gpBuilt, gpSource } from './examples.js';
import { modelErrorOf, stripLocations } from './helpers.js';

describe('builder and DSL produce equal IR', () => {
  it.each([
    ['coin', coinSource, coinBuilt],
    ['eight schools', eightSchoolsSource, eightSchoolsBuilt],
    ['GP', gpSource, gpBuilt],
  ] as const)('%s', (_, source, built) => {
    const fromSource = modelFromSource(source);
    const fromBuilder = built();
    expect(stripLocations(fromBuilder.ir)).toEqual(stripLocations(fromSource.ir));
    expect(fromBuilder.ir.source).toBeUndefined();
    expect(fromBuilder.checked.types).toEqual(fromSource.checked.types);
    expect([fromBuilder.inputNames, fromBuilder.paramNames, fromBuilder.dataNames]).toEqual([
      fromSource.inputNames, fromSource.paramNames, fromSource.dataNames,
    ]);
  });

  it('the tagged template and modelFromSource agree', () => {
    expect(coin().ir).toEqual(modelFromSource(coinSource).ir);
  });

  it('expression handles cover operators, functions and literals', () => {
    const m = model(({ input, param, data, let: define }) => {
      const n = input('n', 'int');
      const k = input('k', intVector(n));
      const a = param('a', normal(0, 1));
      const s = param('s', halfCauchy(0, 2));
      const v = define('v', vec(a, 1, a.neg()).elemMul([1, 2, 3]).elemDiv(s).sub(pow(a, 2)), vector(3));
      define('c', cond(a.gt(0).and(s.lt(1)).or(a.eq(1).not()), v.at(1), call('log_sum_exp', v)));
      data('y', normal(add(exp(a), k.at(1)), s));
      data('z', simulator(function sim() { return [1, 2]; }, a, n), vector(2));
    });
    const src = modelFromSource(`
      input n: int
      input k: int[n]
      param a ~ normal(0, 1)
      param s ~ half_cauchy(0, 2)
      let v: vector[3] = ([a, 1, -a] .* \${0}) ./ s - pow(a, 2)
      let c = (a > 0 && s < 1 || !(a == 1)) ? v[1] : log_sum_exp(v)
      data y ~ normal(exp(a) + k[1], s)
      data z: vector[2] = \${1}(a, n)
    `, [[1, 2, 3], m.ir.statements[7]!.kind === 'data' ? m.ir.statements[7]!.simulator!.fn : undefined]);
    expect(stripLocations(m.ir)).toEqual(stripLocations(src.ir));
    const z = m.ir.statements[7]!;
    expect(z.kind === 'data' && z.simulator?.label).toBe('sim');
  });
});

describe('builder errors', () => {
  it('name the variable and run the same checks', () => {
    const error = modelErrorOf(() => model(({ param, data }) => {
      const p = param('p', beta(1, 1));
      data('y', binomial(new Ex({ kind: 'ref', name: 'nn' }), p));
    }));
    expect(error.problem).toBe("unknown name 'nn' (in 'y')");
    expect(error.location).toBeUndefined();
  });

  it('refuse a missing prior, a bad operand and a bad name', () => {
    expect(modelErrorOf(() => model(({ param }) => { param('p', undefined as never); })).problem).toBe("param 'p' has no prior");
    expect(modelErrorOf(() => model(({ let: define }) => { define('q', 'x' as never); })).problem).toBe('cannot use this value as an expression (in \'q\')');
    expect(modelErrorOf(() => model(({ let: define }) => { define('2q', 1); })).problem).toMatch(/a variable name must be/);
    expect(modelErrorOf(() => model(({ param }) => { param('p', normal(0, Number.NaN)); })).problem).toBe('cannot use NaN in a model');
  });

  it("normalises Stan's half_cauchy(0, s) and refuses another location", () => {
    const m = model(({ param }) => { param('s', halfCauchy(0, 2)); });
    expect(stripLocations(m.ir.statements[0])).toEqual({ kind: 'param', name: 's', prior: { name: 'half_cauchy', args: [{ kind: 'number', value: 2 }] } });
    const error = modelErrorOf(() => model(({ param }) => { param('s', halfCauchy(1 as 0, 2)); }));
    expect(error.problem).toBe("half_cauchy's location must be 0 (write half_cauchy(sigma) or half_cauchy(0, sigma)) (in 's')");
  });

  it('shape errors from the checker name the statement', () => {
    const error = modelErrorOf(() => model(({ input, let: define }) => {
      const n = input('n', 'int');
      const m = input('m', 'int');
      const x = input('x', vector(n));
      const w = input('w', vector(m));
      define('bad', x.add(w));
    }));
    expect(error.problem).toBe("shape mismatch in '+' (in 'bad')");
    expect([error.expected, error.found]).toEqual(['vector[n]', 'vector[m]']);
  });
});
