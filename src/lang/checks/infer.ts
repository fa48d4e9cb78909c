/**
 * Type inference for expressions: the shape (and int/real) of any expression given the types of
 * the names it uses. Used by the checker with symbolic sizes and available to the compiler
 * with literal sizes (pass `sizeValues`).
 *
 * Operator semantics (the compiler implements the same):
 * - `+ - .* ./ ^` and comparisons / `&& ||` are elementwise with scalar broadcasting;
 * - `*` is scalar × anything, matrix × vector or matrix × matrix (vector × vector is refused:
 *   use `.*` or dot());
 * - `/` divides by a scalar (or a scalar by anything, elementwise); two non-scalars need `./`;
 * - v[i] is an element, M[i, j] an element, M[i] row i as a vector (1-based).
 */
import type { Expr, SizeExpr, ValueType } from '../ir.js';
import { applyBuiltin, builtins, sizeArguments, type ArgInfo } from './builtins.js';
import { located, modelError, type Reporter } from './report.js';
import { unknownMessage } from './suggest.js';
import {
  TypeProblem, broadcast, isScalar, isVector, joinElem, matrixOf, sameShape, scalar, showType,
  sizesCompatible, unifySize, vectorOf,
} from './types.js';

/** Names that are always defined. */
export const predefined: ReadonlyMap<string, ValueType> = new Map([
  ['pi', scalar()],
  ['e', scalar()],
]);

export interface InferOptions extends Reporter {
  /** Names usable as sizes (int inputs). Default: every scalar int name. */
  sizeNames?: ReadonlySet<string>;
  /** Values of int inputs: named sizes become literals (compile time). */
  sizeValues?: Readonly<Record<string, number>>;
}

type Env = ReadonlyMap<string, ValueType> | Readonly<Record<string, ValueType>>;

function lookup(env: Env, name: string): ValueType | undefined {
  if (env instanceof Map) return env.get(name) ?? predefined.get(name);
  const record = env as Readonly<Record<string, ValueType>>;
  return Object.hasOwn(record, name) ? record[name] : predefined.get(name);
}

function names(env: Env): Iterable<string> {
  const own = env instanceof Map ? [...env.keys()] : Object.keys(env);
  return [...own, ...predefined.keys()];
}

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** The value of `expr` as a size, when it is statically one: a whole literal or an int input. */
export function sizeOf(expr: Expr, env: Env, options: InferOptions = {}): SizeExpr | undefined {
  if ((expr.kind === 'number' || expr.kind === 'constant') && isWhole(expr.value)) return { kind: 'const', value: expr.value };
  if (expr.kind !== 'ref') return undefined;
  const type = lookup(env, expr.name);
  const usable = options.sizeNames ? options.sizeNames.has(expr.name) : type !== undefined && type.elem === 'int' && isScalar(type);
  if (!usable) return undefined;
  const value = options.sizeValues?.[expr.name];
  return value !== undefined ? { kind: 'const', value } : { kind: 'input', name: expr.name };
}

function constantType(value: number | number[] | number[][]): ValueType {
  const flat = Array.isArray(value) ? value.flat() : [value];
  const elem = flat.every((x) => Number.isInteger(x)) ? 'int' : 'real';
  if (!Array.isArray(value)) return scalar(elem);
  if (value.length > 0 && Array.isArray(value[0])) {
    return matrixOf({ kind: 'const', value: value.length }, { kind: 'const', value: (value[0] as number[]).length }, elem);
  }
  return vectorOf({ kind: 'const', value: value.length }, elem);
}

function product(op: string, a: ValueType, b: ValueType): ValueType {
  if (isScalar(a) || isScalar(b)) return broadcast([a, b], `'${op}'`);
  if (isVector(a) && isVector(b)) {
    throw new TypeProblem("'*' of two vectors: use '.*' for the elementwise product or dot(a, b) for the inner product", 'a scalar or matrix operand', `${showType(a)} * ${showType(b)}`);
  }
  if (isVector(a)) {
    throw new TypeProblem("'*' of a vector by a matrix: there are no row vectors; use transpose(M) * v", 'matrix * vector', `${showType(a)} * ${showType(b)}`);
  }
  const [rows, inner] = a.dims as [SizeExpr, SizeExpr];
  const other = b.dims[0]!;
  if (!sizesCompatible(inner, other)) {
    throw new TypeProblem("shape mismatch in '*': the matrix's columns must match the right operand's rows", `rows ${inner.kind === 'const' ? inner.value : inner.name} on the right`, `${showType(a)} * ${showType(b)}`);
  }
  const elem = joinElem(a, b);
  return isVector(b) ? vectorOf(rows, elem) : matrixOf(rows, b.dims[1]!, elem);
}

function binaryType(op: string, a: ValueType, b: ValueType): ValueType {
  switch (op) {
    case '+': case '-': case '.*':
      return broadcast([a, b], `'${op}'`);
    case './': case '^':
      return broadcast([a, b], `'${op}'`, 'real');
    case '*':
      return product(op, a, b);
    case '/':
      if (!isScalar(a) && !isScalar(b)) {
        throw new TypeProblem("'/' of two non-scalars: use './' for elementwise division", 'a scalar on one side', `${showType(a)} / ${showType(b)}`);
      }
      return broadcast([a, b], "'/'", 'real');
    default:
      return broadcast([a, b], `'${op}'`, 'int');
  }
}

function indexType(target: ValueType, count: number): ValueType {
  if (isScalar(target)) throw new TypeProblem('cannot index a scalar', 'a vector or matrix', showType(target));
  if (count > target.dims.length) {
    throw new TypeProblem(`too many indices: ${showType(target)} takes ${target.dims.length}`, `${target.dims.length} ${target.dims.length === 1 ? 'index' : 'indices'}`, String(count));
  }
  return { elem: target.elem, dims: target.dims.slice(count) };
}

/** The type of `expr`; throws a located ModelError for unknown names, functions and shape errors. */
export function inferType(expr: Expr, env: Env, options: InferOptions = {}): ValueType {
  const recur = (e: Expr) => inferType(e, env, options);
  switch (expr.kind) {
    case 'slice':
      throw modelError(options, 'a slice (a:b) is only allowed inside an index', expr.loc);
    case 'number':
      return scalar(Number.isInteger(expr.value) ? 'int' : 'real');
    case 'constant':
      return constantType(expr.value);
    case 'ref': {
      const type = lookup(env, expr.name);
      if (type === undefined) throw modelError(options, unknownMessage('name', expr.name, names(env)), expr.loc);
      return type;
    }
    case 'unary': {
      const arg = recur(expr.arg);
      return expr.op === '!' ? { elem: 'int', dims: arg.dims } : arg;
    }
    case 'binary': {
      const left = recur(expr.left);
      const right = recur(expr.right);
      return located(options, expr.loc, () => binaryType(expr.op, left, right));
    }
    case 'call': {
      if (!builtins.has(expr.fn)) throw modelError(options, unknownMessage('function', expr.fn, builtins.keys()), expr.loc);
      const sizeAt = sizeArguments[expr.fn] ?? [];
      const args: ArgInfo[] = expr.args.map((arg, i) => ({
        type: recur(arg),
        size: sizeAt.includes(i) ? sizeOf(arg, env, options) : undefined,
      }));
      return located(options, expr.loc, () => applyBuiltin(expr.fn, args));
    }
    case 'index': {
      const target = recur(expr.target);
      // v[idx] with an int vector idx: a gather, a vector as long as idx (the compiler's 'gather').
      if (expr.indices.length === 1 && isVector(target)) {
        const only = recur(expr.indices[0]!);
        if (isVector(only) && only.elem === 'int') return vectorOf(only.dims[0]!, target.elem);
      }
      for (const index of expr.indices) {
        const type = recur(index);
        if (!isScalar(type) || type.elem !== 'int') {
          throw modelError(options, 'an index must be an int scalar (or, for a vector, one int vector)', index.loc, 'int', showType(type));
        }
      }
      return located(options, expr.loc, () => indexType(target, expr.indices.length));
    }
    case 'vector': {
      const types = expr.elements.map(recur);
      types.forEach((type, i) => {
        if (!isScalar(type)) {
          throw modelError(options, 'the elements of [ ... ] must be scalars', expr.elements[i]!.loc, 'real', showType(type));
        }
      });
      const elem = types.every((t) => t.elem === 'int') ? 'int' : 'real';
      return vectorOf({ kind: 'const', value: types.length }, elem);
    }
    case 'conditional': {
      const cond = recur(expr.cond);
      if (!isScalar(cond)) throw modelError(options, 'the condition of ? : must be a scalar', expr.cond.loc, 'int', showType(cond));
      const a = recur(expr.then);
      const b = recur(expr.otherwise);
      if (!sameShape(a, b)) throw modelError(options, 'the two branches of ? : have different shapes', expr.loc, showType(a), showType(b));
      return { elem: joinElem(a, b), dims: a.dims.map((d, i) => unifySize(d, b.dims[i]!)) };
    }
  }
}
