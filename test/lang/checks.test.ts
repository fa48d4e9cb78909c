/**
 * Every check's error: exact message and line:column (1-based, in the source as written).
 */
import { describe, expect, it } from 'vitest';
import { at, checkError } from './helpers.js';
import { modelFromIR, modelFromSource } from '../../src/lang/dsl.js';
import { ModelError } from '../../src/lang/errors.js';
import type { ModelIR } from '../../src/lang/ir.js';

const head = 'input n: int\ninput m: int\ninput x: vector[n]\ninput w: vector[m]\ninput M: matrix[n, m]\n';
// Line numbers below count from the line after `head` (which has 5 lines).
const L = (k: number) => 5 + k;

interface Case {
  name: string;
  source: string;
  problem: string;
  where: string;
  expected?: string;
  found?: string;
}

const cases: Case[] = [
  { name: 'unknown name, with a suggestion', source: 'param sigma ~ half_normal(1)\ndata y ~ normal(0, sigam)', problem: "unknown name 'sigam' — did you mean 'sigma'?", where: `${L(2)}:20` },
  { name: 'unknown name, nothing close', source: 'param a ~ normal(zzz, 1)', problem: "unknown name 'zzz'", where: `${L(1)}:18` },
  { name: 'unknown function', source: 'let a = exq(1)', problem: "unknown function 'exq' — did you mean 'exp'?", where: `${L(1)}:9` },
  { name: 'unknown distribution', source: 'param a ~ nromal(0, 1)', problem: "unknown distribution 'nromal' — did you mean 'normal'?", where: `${L(1)}:11` },
  { name: 'duplicate name', source: 'param a ~ normal(0, 1)\nlet a = 2', problem: `duplicate name 'a': already defined on line ${L(1)}`, where: `${L(2)}:5` },
  { name: 'redefining a constant', source: 'let pi = 3', problem: "'pi' is a predefined constant and cannot be redefined", where: `${L(1)}:5` },
  { name: 'use before definition', source: 'let a = b + 1\nparam b ~ normal(0, 1)', problem: `'b' is used before its definition on line ${L(2)}`, where: `${L(1)}:9` },
  { name: 'cycle', source: 'let a = b + 1\nlet b = 2 * a', problem: 'cycle: a → b → a', where: `${L(1)}:9` },
  { name: 'self reference', source: 'let a = a + 1', problem: "'a' is defined in terms of itself", where: `${L(1)}:9` },
  { name: 'discrete param', source: 'param k ~ poisson(3)', problem: "param 'k' has a discrete prior (poisson); inference needs continuous params", where: `${L(1)}:11` },
  { name: 'discrete latent', source: 'latent k ~ bernoulli(0.5)', problem: "latent 'k' has a discrete prior (bernoulli); inference needs continuous latents", where: `${L(1)}:12` },
  { name: 'data with neither density nor expression', source: 'data y: real', problem: "data 'y' needs exactly one of '~ distribution' or '= expression'", where: `${L(1)}:6`, found: 'neither' },
  { name: 'simulator without a type', source: 'param a ~ normal(0, 1)\ndata y = ${0}(a)', problem: "data 'y' comes from a simulator, so its type must be declared", where: `${L(2)}:6` },
  { name: 'distribution arity', source: 'param a ~ normal(0)', problem: 'normal takes 2 arguments (mu, sigma), not 1', where: `${L(1)}:11`, expected: 'normal(mu, sigma)' },
  { name: 'half_cauchy arity', source: 'param a ~ half_cauchy(0, 1, 2)', problem: 'half_cauchy takes 1 argument (sigma), not 3', where: `${L(1)}:11` },
  { name: 'function arity', source: 'let a = exp(1, 2)', problem: 'exp takes 1 argument (x), not 2', where: `${L(1)}:9` },
  { name: 'min takes two scalars', source: 'let a = min(x, 1)', problem: "min's argument 'a' must be a scalar", where: `${L(1)}:9`, expected: 'real', found: 'vector[n]' },
  { name: 'vector[n] + vector[m]', source: 'let a = x + w', problem: "shape mismatch in '+'", where: `${L(1)}:9`, expected: 'vector[n]', found: 'vector[m]' },
  { name: 'literal sizes differ', source: 'let a = [1, 2] .* [1, 2, 3]', problem: "shape mismatch in '.*'", where: `${L(1)}:9`, expected: 'int[2]', found: 'int[3]' },
  { name: 'matrix * vector inner size', source: 'let a = M * x', problem: "shape mismatch in '*': the matrix's columns must match the right operand's rows", where: `${L(1)}:9` },
  { name: 'vector * vector', source: 'let a = x * x', problem: "'*' of two vectors: use '.*' for the elementwise product or dot(a, b) for the inner product", where: `${L(1)}:9` },
  { name: 'vector * matrix', source: 'let a = x * M', problem: "'*' of a vector by a matrix: there are no row vectors; use transpose(M) * v", where: `${L(1)}:9` },
  { name: 'non-scalar / non-scalar', source: 'let a = x / x', problem: "'/' of two non-scalars: use './' for elementwise division", where: `${L(1)}:9` },
  { name: 'declared type vs distribution', source: 'param a: vector[m] ~ normal(x, 1)', problem: "'a' is declared vector[m] but normal(...) gives vector[n]", where: `${L(1)}:22`, expected: 'vector[m]', found: 'vector[n]' },
  { name: 'scalar declared, vector drawn', source: 'data y: real ~ normal(x, 1)', problem: "'y' is declared real but normal(...) gives vector[n]", where: `${L(1)}:16` },
  { name: 'int data with a continuous distribution', source: 'data y: int ~ normal(0, 1)', problem: "'y' is declared int but normal is continuous", where: `${L(1)}:15` },
  { name: 'let declared vs value', source: 'let a: vector[m] = 2 * x', problem: "'a' is declared vector[m] but its value is vector[n]", where: `${L(1)}:20` },
  { name: 'int let with a real value', source: 'let k: int = 1.5', problem: "'k' is declared int but its value is real", where: `${L(1)}:14` },
  { name: 'size names a real input', source: 'input s: real\ninput v: vector[s]', problem: "size 's' must be an int input", where: `${L(2)}:17`, expected: 'input s: int' },
  { name: 'size names a param', source: 'param s ~ normal(0, 1)\nparam v: vector[s] ~ normal(0, 1)', problem: "size 's' must be an int input", where: `${L(2)}:17` },
  { name: 'size names nothing', source: 'input v: vector[k]', problem: "unknown name 'k'", where: `${L(1)}:17`, expected: 'an int input declared above (input k: int)' },
  { name: 'zero size', source: 'input v: vector[0]', problem: 'a size must be a whole number of at least 1 or an int input', where: `${L(1)}:17` },
  { name: 'real index', source: 'let a = x[1.5]', problem: 'an index must be an int scalar (or, for a vector, one int vector)', where: `${L(1)}:11` },
  { name: 'too many indices', source: 'let a = x[1, 2]', problem: 'too many indices: vector[n] takes 1', where: `${L(1)}:9` },
  { name: 'indexing a scalar', source: 'let a = n[1]', problem: 'cannot index a scalar', where: `${L(1)}:9` },
  { name: 'vector literal of vectors', source: 'let a = [1, x]', problem: 'the elements of [ ... ] must be scalars', where: `${L(1)}:13` },
  { name: 'conditional branches differ', source: 'let a = n > 1 ? x : 1', problem: 'the two branches of ? : have different shapes', where: `${L(1)}:9` },
  { name: 'conditional on a vector', source: 'let a = x ? 1 : 2', problem: 'the condition of ? : must be a scalar', where: `${L(1)}:9` },
  { name: 'multi_normal sizes', source: 'data y ~ multi_normal(w, diag_matrix(x))', problem: 'multi_normal: mu and Sigma have different sizes', where: `${L(1)}:10` },
  { name: 'multi_normal non-square', source: 'data y ~ multi_normal(x, M)', problem: "multi_normal's argument 'Sigma' must be square", where: `${L(1)}:10` },
  { name: 'binomial n must be int', source: 'param p ~ beta(1, 1)\ndata k ~ binomial(p, p)', problem: "binomial's argument 'N' must be an int", where: `${L(2)}:10` },
  { name: 'size argument', source: 'param s ~ normal(0, 1)\nlet z = zeros(s)', problem: "zeros's argument 'n' is a size: it must be a whole number or an int input", where: `${L(2)}:9` },
  { name: 'dirichlet of a scalar', source: 'param p ~ dirichlet(1)', problem: "dirichlet's argument 'alpha' must be a vector", where: `${L(1)}:11` },
  { name: 'half_normal location', source: 'param s ~ half_normal(1, 2)', problem: "half_normal's location must be 0 (write half_normal(sigma) or half_normal(0, sigma))", where: `${L(1)}:23` },
  { name: 'bad character', source: 'let a = 1 @ 2', problem: 'unexpected character "@"', where: `${L(1)}:11` },
  { name: 'number too large', source: 'let a = 1e999', problem: 'number too large', where: `${L(1)}:9` },
];

describe('checks', () => {
  for (const c of cases) {
    it(c.name, () => {
      const error = checkError(head + c.source, [(rng: unknown) => [rng]]);
      expect(error.problem).toBe(c.problem);
      expect(at(error)).toBe(c.where);
      if (c.expected !== undefined) expect(error.expected).toBe(c.expected);
      if (c.found !== undefined) expect(error.found).toBe(c.found);
      // the message shows the offending line with a caret under the location
      const line = (head + c.source).split('\n')[error.location!.line - 1]!;
      expect(error.message).toContain(`${error.location!.line} | ${line}\n`);
      expect(error.message).toMatch(/\n {2}\s*\^+/);
    });
  }

  it('accepts what is fine: literal vs named sizes (undecidable), i.i.d. priors, Stan half-forms', () => {
    const ok = modelFromSource(head + [
      'let a = x + [1, 2]',
      'param theta: vector[n] ~ normal(0, 1)',
      'param s ~ half_cauchy(0, 5)',
      'let b = M * w + x .* theta ./ s - pi * e',
      'data k: int[n] ~ poisson(exp(b))',
      'data c: real ~ poisson(3)',
    ].join('\n'));
    expect(ok.checked.types.get('b')).toEqual({ elem: 'real', dims: [{ kind: 'input', name: 'n' }] });
    expect(ok.checked.types.get('k')).toEqual({ elem: 'int', dims: [{ kind: 'input', name: 'n' }] });
    expect(ok.checked.types.get('a')).toEqual({ elem: 'real', dims: [{ kind: 'const', value: 2 }] });
  });

  it('a data node with both a density and an expression (IR from elsewhere)', () => {
    const ir: ModelIR = {
      statements: [{ kind: 'data', name: 'y', density: { name: 'normal', args: [{ kind: 'number', value: 0 }, { kind: 'number', value: 1 }] }, deterministic: { kind: 'number', value: 1 } }],
    };
    const error = (() => { try { modelFromIR(ir); } catch (e) { return e as ModelError; } throw new Error('no error'); })();
    expect(error).toBeInstanceOf(ModelError);
    expect(error.problem).toBe("data 'y' needs exactly one of '~ distribution' or '= expression'");
    expect(error.found).toBe('~ distribution and = expression');
    expect(error.location).toBeUndefined();
  });
});

describe('interpolated values', () => {
  const bad: [string, unknown, string][] = [
    ['an object', { a: 1 }, 'cannot use ${0} here: it is a value of type object'],
    ['NaN', Number.NaN, 'cannot use ${0} here: it is NaN'],
    ['a string', 'x', 'cannot use ${0} here: it is the string "x"'],
    ['a ragged matrix', [[1, 2], [3]], 'cannot use ${0} here: its rows must be non-empty and of equal length'],
    ['an empty array', [], 'cannot use ${0} here: it is an empty array'],
    ['a mixed array', [1, 'a'], 'cannot use ${0} here: it must hold only finite numbers, or be an array of rows'],
    ['a function not called', () => 1, '${0} is a function: call it as the right-hand side of a data statement'],
    ['undefined', undefined, 'cannot use ${0} here: it is a value of type undefined'],
  ];
  for (const [name, value, problem] of bad) {
    it(`refuses ${name}`, () => {
      const error = checkError('param a ~ normal(0, 1)\nlet b = a + ${0}', [value]);
      expect(error.problem).toBe(problem);
      expect(at(error)).toBe('2:13');
    });
  }

  it('refuses a simulator inside an expression', () => {
    const error = checkError('data y: real = 1 + ${0}(2)', [() => 1]);
    expect(error.problem).toBe('a TypeScript simulator must be the whole right-hand side');
    expect(at(error)).toBe('1:20');
  });

  it('refuses a TypeScript function outside a data or let right-hand side', () => {
    const error = checkError('param m ~ normal(${0}(2), 1)', [() => 1]);
    expect(error.problem).toBe("a TypeScript function can only be used as a data or let statement's right-hand side");
    expect(at(error)).toBe('1:18');
  });

  it('refuses a TypeScript let without a declared type', () => {
    const error = checkError('let y = ${0}(2)', [() => 1]);
    expect(error.problem).toContain('its type must be declared');
  });

  it('refuses calling a non-function', () => {
    expect(checkError('data y: real = ${0}(2)', [3]).problem).toBe('${0} is called but is not a function');
  });

  it('refuses an interpolation index with no value', () => {
    expect(checkError('let y = ${3}', [1]).problem).toBe('no value was interpolated as ${3}');
  });

  it('refuses a non-whole size', () => {
    const error = checkError('input v: vector[${0}]', [2.5]);
    expect(error.problem).toBe('a size must be a whole number of at least 1 or an int input');
    expect(error.found).toBe('2.5');
  });
});
