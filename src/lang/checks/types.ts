/**
 * Shared vocabulary of the checks: printing types, comparing symbolic sizes, and the TypeProblem
 * that shape rules throw (a plain description that the caller turns into a located ModelError).
 *
 * Sizes are compared symbolically: two literal sizes must be equal and two named sizes must be the
 * same input (vector[n] + vector[m] is an error even if n = m at run time: say so in the model by
 * using one name). A literal against a name is undecidable before compile time and is accepted.
 */
import type { SizeExpr, ValueType } from '../ir.js';

export class TypeProblem extends Error {
  constructor(
    readonly problem: string,
    readonly expected?: string,
    readonly found?: string,
  ) {
    super(problem);
  }
}

export const REAL: ValueType = { elem: 'real', dims: [] };
export const INT: ValueType = { elem: 'int', dims: [] };

export function scalar(elem: 'real' | 'int' = 'real'): ValueType {
  return { elem, dims: [] };
}

export function vectorOf(n: SizeExpr, elem: 'real' | 'int' = 'real'): ValueType {
  return { elem, dims: [n] };
}

export function matrixOf(n: SizeExpr, m: SizeExpr, elem: 'real' | 'int' = 'real'): ValueType {
  return { elem, dims: [n, m] };
}

export function constSize(value: number): SizeExpr {
  return { kind: 'const', value };
}

export function showSize(size: SizeExpr): string {
  return size.kind === 'const' ? String(size.value) : size.name;
}

/** As a user would write the type: real, int, vector[n], matrix[n, 3], int[n]. */
export function showType(type: ValueType): string {
  const sizes = type.dims.map(showSize).join(', ');
  if (type.dims.length === 0) return type.elem;
  if (type.elem === 'int') return `int[${sizes}]`;
  return type.dims.length === 1 ? `vector[${sizes}]` : `matrix[${sizes}]`;
}

export function isScalar(type: ValueType): boolean {
  return type.dims.length === 0;
}

export function isVector(type: ValueType): boolean {
  return type.dims.length === 1;
}

export function isMatrix(type: ValueType): boolean {
  return type.dims.length === 2;
}

/** False only when the sizes certainly differ. */
export function sizesCompatible(a: SizeExpr, b: SizeExpr): boolean {
  if (a.kind === 'const' && b.kind === 'const') return a.value === b.value;
  if (a.kind === 'input' && b.kind === 'input') return a.name === b.name;
  return true;
}

/** Of two compatible sizes, keep the literal: it carries more information. */
export function unifySize(a: SizeExpr, b: SizeExpr): SizeExpr {
  return a.kind === 'const' ? a : b.kind === 'const' ? b : a;
}

export function sameShape(a: ValueType, b: ValueType): boolean {
  return a.dims.length === b.dims.length && a.dims.every((d, i) => sizesCompatible(d, b.dims[i]!));
}

export function joinElem(a: ValueType, b: ValueType): 'real' | 'int' {
  return a.elem === 'int' && b.elem === 'int' ? 'int' : 'real';
}

/**
 * Elementwise broadcasting: a scalar combines with anything; otherwise the shapes must agree.
 * `what` names the operation for the message ("'+'", "normal's arguments").
 */
export function broadcast(types: ValueType[], what: string, elem: 'real' | 'int' | 'join' = 'join'): ValueType {
  let result: ValueType = scalar('int');
  for (const type of types) {
    if (isScalar(type)) {
      result = { elem: joinElem(result, type), dims: result.dims };
    } else if (isScalar(result)) {
      result = { elem: joinElem(result, type), dims: type.dims };
    } else if (!sameShape(result, type)) {
      throw new TypeProblem(`shape mismatch in ${what}`, showType(result), showType(type));
    } else {
      result = { elem: joinElem(result, type), dims: result.dims.map((d, i) => unifySize(d, type.dims[i]!)) };
    }
  }
  return { elem: elem === 'join' ? result.elem : elem, dims: result.dims };
}

/** Can a value of type `value` be stored in a variable declared `declared`? (int fits in real.) */
export function assignable(declared: ValueType, value: ValueType): boolean {
  if (declared.elem === 'int' && value.elem === 'real') return false;
  return sameShape(declared, value);
}

/** Strip locations so types compare structurally. */
export function plainType(type: ValueType): ValueType {
  return {
    elem: type.elem,
    dims: type.dims.map((d) => (d.kind === 'const' ? { kind: 'const', value: d.value } : { kind: 'input', name: d.name })),
  };
}
