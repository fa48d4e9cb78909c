/**
 * The front end's view of the distributions, DERIVED from the runtime registry
 * (src/runtime/distributions/index.ts): names, Stan's argument names, which are discrete, which
 * arguments must be ints, and the shape of the value each produces. Nothing here is listed by
 * hand, so the checker, the compiler and the docs cannot disagree about a distribution.
 *
 * Scalar distributions vectorise: vector (or matrix) arguments broadcast with scalars, and the
 * value has the broadcast shape. A declared type larger than that (param theta: vector[J] ~
 * normal(0, 1)) means i.i.d. draws, checked in shapes.ts. Vector distributions declare symbolic
 * sizes for their arguments and value (mu: vector[K], Sigma: matrix[K, K] → vector[K]).
 *
 * Stan spells half-distributions as half_cauchy(0, sigma); we accept that and normalise it to the
 * one-argument form half_cauchy(sigma) in the IR, so the compiler only sees one form.
 */
import type { DistributionCall, Expr, SizeExpr, ValueType } from '../ir.js';
import { ModelError } from '../errors.js';
import { distributions as registry } from '../../runtime/distributions/index.js';
import type { Distribution, VectorDistribution } from '../../runtime/distributions/types.js';
import { TypeProblem, broadcast, isMatrix, isScalar, isVector, showSize, showType, sizesCompatible, unifySize } from './types.js';

export interface DistributionSpec {
  name: string;
  /** Argument names (Stan's), as in error messages. */
  args: string[];
  discrete: boolean;
  /** Shape of one draw given the argument types; throws TypeProblem. */
  valueType(args: ValueType[]): ValueType;
}

const RANK_TEXT = ['a scalar', 'a vector', 'a matrix'] as const;

/** Vector distributions: each argument's rank, then its symbolic sizes unified across arguments. */
function vectorValueType(d: VectorDistribution, types: ValueType[]): ValueType {
  const sizes = new Map<string, { size: SizeExpr; arg: string }>();
  d.args.forEach((spec, i) => {
    const type = types[i]!;
    const ok = spec.rank === 0 ? isScalar(type) : spec.rank === 1 ? isVector(type) : isMatrix(type);
    if (!ok) {
      const want = spec.rank === 0 ? 'real' : spec.rank === 1 ? 'vector[k]' : 'matrix[n, n]';
      throw new TypeProblem(`${d.name}'s argument '${spec.name}' must be ${RANK_TEXT[spec.rank]}`, want, showType(type));
    }
    if (spec.int && type.elem !== 'int') throw new TypeProblem(`${d.name}'s argument '${spec.name}' must be an int`, 'int', showType(type));
    const dims = spec.dims ?? [];
    if (dims.length === 2 && dims[0] === dims[1] && !sizesCompatible(type.dims[0]!, type.dims[1]!)) {
      throw new TypeProblem(`${d.name}'s argument '${spec.name}' must be square`, 'matrix[n, n]', showType(type));
    }
    dims.forEach((sym, j) => {
      const size = type.dims[j]!;
      const seen = sizes.get(sym);
      if (!seen) sizes.set(sym, { size, arg: spec.name });
      else if (!sizesCompatible(seen.size, size)) {
        throw new TypeProblem(`${d.name}: ${seen.arg} and ${spec.name} have different sizes`, showSize(seen.size), showSize(size));
      } else seen.size = unifySize(seen.size, size);
    });
  });
  const dims = d.value.dims.map((sym) => {
    const s = sizes.get(sym);
    if (!s) throw new TypeProblem(`${d.name}: the size ${sym} of its value is not given by any argument`);
    return s.size;
  });
  return { elem: d.value.elem, dims };
}

function specOf(d: Distribution): DistributionSpec {
  const args = d.args.map((a) => a.name);
  if (d.kind === 'vector') return { name: d.name, args, discrete: d.discrete, valueType: (types) => vectorValueType(d, types) };
  return {
    name: d.name,
    args,
    discrete: d.discrete,
    valueType(types) {
      types.forEach((type, i) => {
        if (d.args[i]!.int && type.elem !== 'int') {
          throw new TypeProblem(`${d.name}'s argument '${args[i]}' must be an int`, 'int', showType(type));
        }
      });
      return broadcast(types, `${d.name}'s arguments`, d.discrete ? 'int' : 'real');
    },
  };
}

export const distributions: ReadonlyMap<string, DistributionSpec> = new Map(
  Object.values(registry).map((d) => [d.name, specOf(d)]),
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
  return Object.prototype.hasOwnProperty.call(registry, name) && registry[name]!.kind === 'scalar';
}
