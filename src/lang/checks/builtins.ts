/**
 * Built-in functions: arity and a shape rule per function.
 *
 * Rules work on ValueTypes whose sizes are SizeExprs, so the same rule serves the checker
 * (symbolic sizes: vector[n]) and the compiler (literal sizes once inputs are known).
 * Functions that build a value of a given size (zeros(n), rep_vector(x, n)) need the *value* of a
 * size argument, not only its type: callers pass it as `ArgInfo.size` when it is statically known
 * (a whole-number literal or an int input), and the rule refuses otherwise.
 *
 * Elementwise functions (exp, log, ...) map over vectors and matrices and keep the shape.
 */
import type { SizeExpr, ValueType } from '../ir.js';
import { ALIASES, ELEMENTWISE } from '../compile/builtins.js';
import { ModelError, type SourceLocation } from '../errors.js';
import {
  TypeProblem, broadcast, isMatrix, isScalar, isVector, matrixOf, scalar, showType, sizesCompatible, unifySize, vectorOf,
} from './types.js';

export interface ArgInfo {
  type: ValueType;
  /** The argument's value as a size, when it is a whole-number literal or an int input. */
  size?: SizeExpr | undefined;
}

export interface FunctionSpec {
  name: string;
  /** Argument names, for arity messages: "rep_vector takes 2 arguments (value, n)". */
  args: string[];
  rule(args: ArgInfo[]): ValueType;
}

// One list for checker and compiler: every function the code generator can differentiate, and its aliases.
const elementwiseNames = [...Object.keys(ELEMENTWISE), ...Object.keys(ALIASES)];

function elementwise(name: string): FunctionSpec {
  return { name, args: ['x'], rule: ([x]) => ({ elem: 'real', dims: x!.type.dims }) };
}

/** n for a square matrix[n, n]; a TypeProblem otherwise. */
function squareSize(fn: string, m: ValueType): SizeExpr {
  const [r, c] = m.dims as [SizeExpr, SizeExpr];
  if (!sizesCompatible(r, c)) throw new TypeProblem(`${fn}'s argument must be a square matrix`, 'matrix[n, n]', showType(m));
  return unifySize(r, c);
}

function needShape(fn: string, arg: string, type: ValueType, want: 'scalar' | 'vector' | 'matrix' | 'vector or matrix'): void {
  const ok =
    want === 'scalar' ? isScalar(type)
    : want === 'vector' ? isVector(type)
    : want === 'matrix' ? isMatrix(type)
    : !isScalar(type);
  const example = { scalar: 'real', vector: 'vector[n]', matrix: 'matrix[n, m]', 'vector or matrix': 'vector[n] or matrix[n, m]' }[want];
  if (!ok) throw new TypeProblem(`${fn}'s argument '${arg}' must be a ${want}`, example, showType(type));
}

function needSize(fn: string, arg: string, info: ArgInfo): SizeExpr {
  needShape(fn, arg, info.type, 'scalar');
  if (info.size === undefined) {
    throw new TypeProblem(`${fn}'s argument '${arg}' is a size: it must be a whole number or an int input`, 'a literal like 8 or an int input name', showType(info.type));
  }
  return info.size;
}

function reduction(name: string, elemOf: (t: ValueType) => 'real' | 'int'): FunctionSpec {
  return {
    name,
    args: ['v'],
    rule: ([v]) => {
      needShape(name, 'v', v!.type, 'vector or matrix');
      return scalar(elemOf(v!.type));
    },
  };
}

const specs: FunctionSpec[] = [
  ...elementwiseNames.map(elementwise),
  { name: 'pow', args: ['x', 'y'], rule: ([x, y]) => broadcast([x!.type, y!.type], "pow's arguments", 'real') },
  reduction('sum', (t) => t.elem),
  reduction('mean', () => 'real'),
  reduction('sd', () => 'real'),
  reduction('log_sum_exp', () => 'real'),
  {
    name: 'dot',
    args: ['a', 'b'],
    rule: ([a, b]) => {
      needShape('dot', 'a', a!.type, 'vector');
      needShape('dot', 'b', b!.type, 'vector');
      if (!sizesCompatible(a!.type.dims[0]!, b!.type.dims[0]!)) {
        throw new TypeProblem('dot: the vectors have different sizes', showType(a!.type), showType(b!.type));
      }
      return scalar();
    },
  },
  ...['min', 'max'].map((name): FunctionSpec => ({
    name,
    args: ['a', 'b'],
    rule: ([a, b]) => {
      needShape(name, 'a', a!.type, 'scalar');
      needShape(name, 'b', b!.type, 'scalar');
      return scalar(a!.type.elem === 'int' && b!.type.elem === 'int' ? 'int' : 'real');
    },
  })),
  ...['cholesky', 'cholesky_decompose'].map((name): FunctionSpec => ({
    name,
    args: ['M'],
    rule: ([m]) => {
      needShape(name, 'M', m!.type, 'matrix');
      return matrixOf(squareSize(name, m!.type), squareSize(name, m!.type));
    },
  })),
  {
    name: 'mdivide_left_tri_low',
    args: ['L', 'b'],
    rule: ([l, b]) => {
      needShape('mdivide_left_tri_low', 'L', l!.type, 'matrix');
      needShape('mdivide_left_tri_low', 'b', b!.type, 'vector');
      const n = squareSize('mdivide_left_tri_low', l!.type);
      if (!sizesCompatible(n, b!.type.dims[0]!)) {
        throw new TypeProblem("mdivide_left_tri_low's L and b must agree in size", 'matrix[n, n] and vector[n]', `${showType(l!.type)} and ${showType(b!.type)}`);
      }
      return vectorOf(unifySize(n, b!.type.dims[0]!));
    },
  },
  ...['rows', 'cols'].map((name): FunctionSpec => ({
    name,
    args: ['M'],
    rule: ([m]) => {
      needShape(name, 'M', m!.type, 'matrix');
      return scalar('int');
    },
  })),
  {
    name: 'length',
    args: ['v'],
    rule: ([v]) => {
      needShape('length', 'v', v!.type, 'vector');
      return scalar('int');
    },
  },
  {
    name: 'transpose',
    args: ['M'],
    rule: ([m]) => {
      needShape('transpose', 'M', m!.type, 'matrix');
      const [r, c] = m!.type.dims as [SizeExpr, SizeExpr];
      return matrixOf(c, r, m!.type.elem);
    },
  },
  {
    name: 'rep_vector',
    args: ['value', 'n'],
    rule: ([value, n]) => {
      needShape('rep_vector', 'value', value!.type, 'scalar');
      return vectorOf(needSize('rep_vector', 'n', n!), value!.type.elem);
    },
  },
  { name: 'zeros', args: ['n'], rule: ([n]) => vectorOf(needSize('zeros', 'n', n!)) },
  { name: 'ones', args: ['n'], rule: ([n]) => vectorOf(needSize('ones', 'n', n!)) },
  {
    name: 'rep_matrix',
    args: ['value', 'n', 'm'],
    rule: ([value, n, m]) => {
      needShape('rep_matrix', 'value', value!.type, 'scalar');
      return matrixOf(needSize('rep_matrix', 'n', n!), needSize('rep_matrix', 'm', m!), value!.type.elem);
    },
  },
  {
    name: 'diag_matrix',
    args: ['v'],
    rule: ([v]) => {
      needShape('diag_matrix', 'v', v!.type, 'vector');
      const n = v!.type.dims[0]!;
      return matrixOf(n, n);
    },
  },
];

export const builtins: ReadonlyMap<string, FunctionSpec> = new Map(specs.map((spec) => [spec.name, spec]));

/** Functions whose arguments must be sizes (callers compute ArgInfo.size for these). */
export const sizeArguments: Readonly<Record<string, readonly number[]>> = {
  rep_vector: [1],
  zeros: [0],
  ones: [0],
  rep_matrix: [1, 2],
};

export function arityMessage(kind: 'function' | 'distribution', name: string, args: readonly string[], found: number): TypeProblem {
  const want = `${args.length} argument${args.length === 1 ? '' : 's'}`;
  return new TypeProblem(
    `${name} takes ${want} (${args.join(', ')}), not ${found}`,
    `${name}(${args.join(', ')})`,
    `${found} argument${found === 1 ? '' : 's'}`,
  );
}

/**
 * Raw rule application: unknown function, arity and shape problems come back as TypeProblem.
 * The checker uses this and attaches the source location.
 */
export function applyBuiltin(fn: string, args: ArgInfo[]): ValueType {
  const spec = builtins.get(fn);
  if (!spec) throw new TypeProblem(`unknown function '${fn}'`);
  if (args.length !== spec.args.length) throw arityMessage('function', fn, spec.args, args.length);
  return spec.rule(args);
}

/**
 * The result type of built-in `fn` applied to arguments of the given types; `sizes[i]` is the
 * value of argument i where it is a size (zeros(n): sizes = [{ kind: 'const', value: 8 }]).
 * Throws ModelError (with `loc`/`source` when given) on unknown functions, arity or shape errors.
 */
export function resultType(
  fn: string,
  argTypes: readonly ValueType[],
  sizes: readonly (SizeExpr | undefined)[] = [],
  at?: { loc?: SourceLocation | undefined; source?: string | undefined },
): ValueType {
  try {
    return applyBuiltin(fn, argTypes.map((type, i) => ({ type, size: sizes[i] })));
  } catch (error) {
    if (error instanceof TypeProblem) throw new ModelError(error.problem, at?.loc, at?.source, error.expected, error.found);
    throw error;
  }
}
