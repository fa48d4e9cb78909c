/**
 * Checking and flattening user-supplied values (inputs and observed data) against a concrete
 * shape. Nothing is coerced: a string, a NaN, a ragged matrix or 2.5 for an int is a DataError
 * naming the variable, with the expected and found shapes.
 */
import { DataError } from '../errors.js';
import { shapeText, sizeOf } from './graph.js';

/** A human-readable description of what a value looks like, for "found:" lines. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : `the number ${v}`;
  if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array) return `a typed array of length ${v.length}`;
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((r) => Array.isArray(r))) {
      const lens = new Set(v.map((r) => (r as unknown[]).length));
      return lens.size === 1 ? `matrix[${v.length}, ${[...lens][0]}]` : `a ragged array of ${v.length} rows`;
    }
    return `an array of length ${v.length}`;
  }
  return `a ${typeof v}`;
}

/**
 * Flatten `value` (number, array, typed array or array of rows) row-major into out[off..].
 * Throws DataError if its shape differs from `shape`, an entry is not a finite-or-infinite
 * number (NaN is refused), or `elem` is int and an entry is not an integer.
 */
export function flattenValue(
  name: string, value: unknown, shape: readonly number[], elem: 'real' | 'int', out: Float64Array, off: number,
): void {
  const expected = `${elem === 'int' ? 'int ' : ''}${shapeText(shape)}`;
  const bad = (problem: string, found = describeValue(value)): never => {
    throw new DataError(name, problem, expected, found);
  };
  const put = (x: unknown, at: number, where: string): void => {
    if (typeof x !== 'number') bad(`${where} is not a number`, describeValue(x));
    const v = x as number;
    if (Number.isNaN(v)) bad(`${where} is NaN`, 'NaN');
    if (elem === 'int' && !Number.isInteger(v)) bad(`${where} must be an integer`, String(v));
    out[at] = v;
  };
  if (value === undefined) bad('missing value');
  if (shape.length === 0) {
    if (typeof value !== 'number') bad('wrong shape');
    put(value, off, 'the value');
    return;
  }
  if (shape.length === 1) {
    const n = shape[0]!;
    const isArr = Array.isArray(value) || value instanceof Float64Array || value instanceof Float32Array || value instanceof Int32Array;
    if (!isArr) bad('wrong shape');
    const arr = value as ArrayLike<unknown>;
    if (Array.isArray(arr) && arr.some((r) => Array.isArray(r))) bad('wrong shape');
    if (arr.length !== n) bad('wrong length');
    for (let i = 0; i < n; i++) put(arr[i], off + i, `element [${i + 1}]`);
    return;
  }
  const [r, c] = shape as [number, number];
  if (value instanceof Float64Array && value.length === r * c) {
    // A flat row-major typed array is accepted for matrices (what unflatten never produces, but
    // what numeric code naturally holds); its length must match exactly.
    for (let i = 0; i < r * c; i++) put(value[i], off + i, `element [${Math.floor(i / c) + 1},${(i % c) + 1}]`);
    return;
  }
  if (!Array.isArray(value) || value.length !== r) bad('wrong shape');
  const rows = value as unknown[];
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    const ok = (Array.isArray(row) || row instanceof Float64Array) && (row as ArrayLike<unknown>).length === c;
    if (!ok) bad(`row ${i + 1} has the wrong length`);
    for (let j = 0; j < c; j++) put((row as ArrayLike<unknown>)[j], off + i * c + j, `element [${i + 1},${j + 1}]`);
  }
}

/** The inverse of flattenValue: a number, number[] or number[][] (rows). */
export function unflattenValue(src: Float64Array, off: number, shape: readonly number[]): number | number[] | number[][] {
  if (shape.length === 0) return src[off]!;
  if (shape.length === 1) return Array.from(src.subarray(off, off + shape[0]!));
  const [r, c] = shape as [number, number];
  const rows: number[][] = [];
  for (let i = 0; i < r; i++) rows.push(Array.from(src.subarray(off + i * c, off + (i + 1) * c)));
  return rows;
}

/** The shape of a plain JS value (number, array, array of rows), or null if it has none. */
export function shapeOfValue(v: unknown): number[] | null {
  if (typeof v === 'number') return [];
  if (v instanceof Float64Array) return [v.length];
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((r) => Array.isArray(r))) {
      const c = (v[0] as unknown[]).length;
      return v.every((r) => (r as unknown[]).length === c) ? [v.length, c] : null;
    }
    return v.every((x) => typeof x === 'number') ? [v.length] : null;
  }
  return null;
}

export { sizeOf };
