/**
 * The shape rules of the built-in functions and distributions, with literal sizes (as the
 * compiler uses them) and symbolic ones (as the checker does).
 */
import { describe, expect, it } from 'vitest';
import { builtins, resultType } from '../../src/lang/checks/builtins.js';
import { distributions } from '../../src/lang/checks/distributions.js';
import { inferType } from '../../src/lang/checks/infer.js';
import { ModelError } from '../../src/lang/errors.js';
import type { SizeExpr, ValueType } from '../../src/lang/ir.js';
import { showType } from '../../src/lang/checks/types.js';
import { exprOf, modelErrorOf } from './helpers.js';

const c = (value: number): SizeExpr => ({ kind: 'const', value });
const real: ValueType = { elem: 'real', dims: [] };
const int: ValueType = { elem: 'int', dims: [] };
const vec = (n: number): ValueType => ({ elem: 'real', dims: [c(n)] });
const mat = (n: number, m: number): ValueType => ({ elem: 'real', dims: [c(n), c(m)] });

describe('resultType', () => {
  const elementwise = ['exp', 'log', 'log1p', 'expm1', 'sqrt', 'abs', 'fabs', 'sin', 'cos', 'tan', 'tanh', 'logistic', 'inv_logit', 'logit', 'softplus', 'log1p_exp', 'erf', 'Phi', 'lgamma', 'square', 'inv'];
  it.each(elementwise)('%s maps over scalars, vectors and matrices', (fn) => {
    expect(resultType(fn, [int])).toEqual(real);
    expect(resultType(fn, [vec(3)])).toEqual(vec(3));
    expect(resultType(fn, [mat(2, 3)])).toEqual(mat(2, 3));
  });

  const cases: [string, ValueType[], (SizeExpr | undefined)[], string][] = [
    ['pow', [vec(3), real], [], 'vector[3]'],
    ['sum', [vec(3)], [], 'real'],
    ['sum', [{ elem: 'int', dims: [c(3)] }], [], 'int'],
    ['mean', [mat(2, 2)], [], 'real'],
    ['sd', [vec(3)], [], 'real'],
    ['log_sum_exp', [vec(3)], [], 'real'],
    ['dot', [vec(3), vec(3)], [], 'real'],
    ['min', [int, int], [], 'int'],
    ['max', [real, int], [], 'real'],
    ['cholesky', [mat(4, 4)], [], 'matrix[4, 4]'],
    ['cholesky_decompose', [mat(4, 4)], [], 'matrix[4, 4]'],
    ['mdivide_left_tri_low', [mat(3, 3), vec(3)], [], 'vector[3]'],
    ['rows', [mat(4, 2)], [], 'int'],
    ['cols', [mat(4, 2)], [], 'int'],
    ['length', [vec(5)], [], 'int'],
    ['transpose', [mat(4, 2)], [], 'matrix[2, 4]'],
    ['rep_vector', [real, int], [undefined, c(6)], 'vector[6]'],
    ['zeros', [int], [c(6)], 'vector[6]'],
    ['ones', [int], [c(6)], 'vector[6]'],
    ['rep_matrix', [real, int, int], [undefined, c(2), c(3)], 'matrix[2, 3]'],
    ['diag_matrix', [vec(3)], [], 'matrix[3, 3]'],
  ];
  it.each(cases)('%s(%j) → %s', (fn, args, sizes, want) => {
    expect(showType(resultType(fn, args, sizes))).toBe(want);
  });

  it('covers every built-in', () => {
    const covered = new Set([...elementwise, ...cases.map(([fn]) => fn)]);
    expect([...builtins.keys()].filter((fn) => !covered.has(fn))).toEqual([]);
  });

  it('throws ModelError with expected vs found', () => {
    const error = modelErrorOf(() => resultType('dot', [vec(3), vec(4)]));
    expect(error.problem).toBe('dot: the vectors have different sizes');
    expect([error.expected, error.found]).toEqual(['vector[3]', 'vector[4]']);
    expect(modelErrorOf(() => resultType('cholesky', [mat(2, 3)])).problem).toBe("cholesky's argument must be a square matrix");
    expect(modelErrorOf(() => resultType('zeros', [int])).problem).toMatch(/is a size/);
    expect(modelErrorOf(() => resultType('nope', [])).problem).toBe("unknown function 'nope'");
    expect(() => resultType('sum', [real])).toThrow(ModelError);
  });
});

describe('inferType', () => {
  const env = new Map<string, ValueType>([
    ['n', int],
    ['x', { elem: 'real', dims: [{ kind: 'input', name: 'n' }] }],
    ['M', { elem: 'real', dims: [c(4), { kind: 'input', name: 'n' }] }],
    ['sigma', real],
  ]);
  it('works symbolically', () => {
    expect(showType(inferType(exprOf('M * x + 1'), env))).toBe('vector[4]');
    expect(showType(inferType(exprOf('rep_vector(0, n) + x'), env))).toBe('vector[n]');
    expect(showType(inferType(exprOf('M[2]'), env))).toBe('vector[n]');
    expect(showType(inferType(exprOf('M[2, 1] > 0 && 1'), env))).toBe('int');
    expect(showType(inferType(exprOf('-x ./ 2 ^ x'), env))).toBe('vector[n]');
  });
  it('turns named sizes into literals given their values (compile time)', () => {
    expect(showType(inferType(exprOf('zeros(n) + x'), env, { sizeValues: { n: 7 } }))).toBe('vector[7]');
    expect(showType(inferType(exprOf('transpose(M)'), env))).toBe('matrix[n, 4]');
  });
  it('refuses unknown names with a suggestion', () => {
    expect(modelErrorOf(() => inferType(exprOf('sigam + 1'), env)).problem).toBe("unknown name 'sigam' — did you mean 'sigma'?");
    // one- and two-letter names get no guess: every other short name is "one edit away"
    expect(modelErrorOf(() => inferType(exprOf('xx + 1'), env)).problem).toBe("unknown name 'xx'");
  });
});

describe('distribution table', () => {
  const scalarArgs: Record<string, number> = {
    normal: 2, lognormal: 2, uniform: 2, half_normal: 1, half_cauchy: 1, cauchy: 2, student_t: 3, exponential: 1,
    gamma: 2, inv_gamma: 2, beta: 2, bernoulli: 1, binomial: 2, poisson: 1,
  };
  it.each(Object.entries(scalarArgs))('%s takes %i arguments and vectorises', (name, arity) => {
    const spec = distributions.get(name)!;
    expect(spec.args).toHaveLength(arity);
    const args = Array.from({ length: arity }, (_, i) => (i === arity - 1 ? vec(5) : int));
    const value = spec.valueType(args);
    expect(value.dims).toEqual([c(5)]);
    expect(value.elem).toBe(spec.discrete ? 'int' : 'real');
  });
  it('multivariate ones produce vectors or categories', () => {
    expect(distributions.get('categorical')!.valueType([vec(3)])).toEqual(int);
    expect(distributions.get('dirichlet')!.valueType([vec(3)])).toEqual(vec(3));
    expect(distributions.get('multi_normal')!.valueType([vec(3), mat(3, 3)])).toEqual(vec(3));
    expect(distributions.get('multi_normal_cholesky')!.valueType([vec(3), mat(3, 3)])).toEqual(vec(3));
    expect(['bernoulli', 'binomial', 'poisson', 'categorical'].every((d) => distributions.get(d)!.discrete)).toBe(true);
    // Every discrete distribution in the registry, and no continuous one, is marked discrete.
    expect([...distributions.values()].filter((d) => d.discrete).map((d) => d.name).sort()).toEqual([
      'bernoulli', 'bernoulli_logit', 'beta_binomial', 'binomial', 'binomial_logit', 'categorical', 'categorical_logit',
      'neg_binomial_2', 'neg_binomial_2_log', 'ordered_logistic', 'poisson', 'poisson_log',
    ]);
  });
});
