/**
 * The front end's view of the distributions: names, argument names, which are discrete, and the
 * shape of the value each produces. The runtime owns densities and samplers
 * (src/runtime/distributions); this table only has to agree with it on names and arities.
 *
 * Scalar distributions vectorise: vector (or matrix) arguments broadcast with scalars, and the
 * value has the broadcast shape. A declared type larger than that (param theta: vector[J] ~
 * normal(0, 1)) means i.i.d. draws, checked in shapes.ts.
 *
 * Stan spells half-distributions as half_cauchy(0, sigma); we accept that and normalise it to the
 * one-argument form half_cauchy(sigma) in the IR, so the compiler only sees one form.
 */
import type { DistributionCall, Expr, ValueType } from '../ir.js';
import { ModelError } from '../errors.js';
import {
  TypeProblem, broadcast, isMatrix, isVector, scalar, showSize, showType, sizesCompatible, unifySize, vectorOf,
} from './types.js';

export interface DistributionSpec {
  name: string;
  /** Argument names, as in error messages. */
  args: string[];
  discrete: boolean;
  /** Shape of one draw given the argument types; throws TypeProblem. */
  valueType(args: ValueType[]): ValueType;
}

function scalarDist(name: string, args: string[], discrete = false, intArgs: string[] = []): DistributionSpec {
  return {
    name,
    args,
    discrete,
    valueType(types) {
      types.forEach((type, i) => {
        if (intArgs.includes(args[i]!) && type.elem !== 'int') {
          throw new TypeProblem(`${name}'s argument '${args[i]}' must be an int`, 'int', showType(type));
        }
      });
      return broadcast(types, `${name}'s arguments`, discrete ? 'int' : 'real');
    },
  };
}

function needVector(name: string, arg: string, type: ValueType): void {
  if (!isVector(type)) throw new TypeProblem(`${name}'s argument '${arg}' must be a vector`, 'vector[k]', showType(type));
}

function multiNormal(name: string, matrixArg: string): DistributionSpec {
  return {
    name,
    args: ['mu', matrixArg],
    discrete: false,
    valueType([mu, cov]) {
      needVector(name, 'mu', mu!);
      if (!isMatrix(cov!)) throw new TypeProblem(`${name}'s argument '${matrixArg}' must be a matrix`, 'matrix[n, n]', showType(cov!));
      const [rows, cols] = cov!.dims as [ValueType['dims'][0], ValueType['dims'][0]];
      const n = mu!.dims[0]!;
      if (!sizesCompatible(rows, cols)) throw new TypeProblem(`${name}'s argument '${matrixArg}' must be square`, 'matrix[n, n]', showType(cov!));
      if (!sizesCompatible(n, rows)) {
        throw new TypeProblem(`${name}: mu and ${matrixArg} have different sizes`, `matrix[${showSize(n)}, ${showSize(n)}]`, showType(cov!));
      }
      return vectorOf(unifySize(unifySize(n, rows), cols));
    },
  };
}

export const distributions: ReadonlyMap<string, DistributionSpec> = new Map(
  [
    scalarDist('normal', ['mu', 'sigma']),
    scalarDist('lognormal', ['mu', 'sigma']),
    scalarDist('uniform', ['lower', 'upper']),
    scalarDist('half_normal', ['sigma']),
    scalarDist('half_cauchy', ['sigma']),
    scalarDist('cauchy', ['mu', 'sigma']),
    scalarDist('student_t', ['nu', 'mu', 'sigma']),
    scalarDist('exponential', ['rate']),
    scalarDist('gamma', ['shape', 'rate']),
    scalarDist('inv_gamma', ['shape', 'scale']),
    scalarDist('beta', ['a', 'b']),
    scalarDist('bernoulli', ['p'], true),
    scalarDist('binomial', ['n', 'p'], true, ['n']),
    scalarDist('poisson', ['lambda'], true),
    {
      name: 'categorical',
      args: ['probs'],
      discrete: true,
      valueType([probs]: ValueType[]) {
        needVector('categorical', 'probs', probs!);
        return scalar('int');
      },
    },
    {
      name: 'dirichlet',
      args: ['alpha'],
      discrete: false,
      valueType([alpha]: ValueType[]) {
        needVector('dirichlet', 'alpha', alpha!);
        return vectorOf(alpha!.dims[0]!);
      },
    },
    multiNormal('multi_normal', 'Sigma'),
    multiNormal('multi_normal_cholesky', 'L'),
  ].map((spec) => [spec.name, spec]),
);

/** Half-distributions that also accept Stan's two-argument form with location 0. */
const halfWithLocation = new Set(['half_normal', 'half_cauchy']);

function isZero(expr: Expr): boolean {
  if (expr.kind === 'number') return expr.value === 0;
  if (expr.kind === 'constant') return expr.value === 0;
  if (expr.kind === 'unary' && expr.op === '-') return isZero(expr.arg);
  return false;
}

/**
 * half_cauchy(0, s) → half_cauchy(s) (same for half_normal). A non-zero location is an error:
 * it would not be a half-distribution any more.
 */
export function normaliseDistribution(call: DistributionCall, source?: string): DistributionCall {
  if (!halfWithLocation.has(call.name) || call.args.length !== 2) return call;
  const [location, scale] = call.args as [Expr, Expr];
  if (!isZero(location)) {
    throw new ModelError(
      `${call.name}'s location must be 0 (write ${call.name}(sigma) or ${call.name}(0, sigma))`,
      location.loc ?? call.loc, source, '0', 'another expression',
    );
  }
  return { ...call, args: [scale] };
}

export function isDiscrete(name: string): boolean {
  return distributions.get(name)?.discrete ?? false;
}

/** Scalar (vectorising) distributions, as opposed to those whose one draw is a vector or a category. */
export function isScalarDistribution(name: string): boolean {
  return distributions.has(name) && !['categorical', 'dirichlet', 'multi_normal', 'multi_normal_cholesky'].includes(name);
}
