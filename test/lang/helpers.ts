/** Test helpers for the language front end. */
import { expect } from 'vitest';
import { ModelError } from '../../src/lang/errors.js';
import type { Expr, ModelIR } from '../../src/lang/ir.js';
import { sourceToIR } from '../../src/lang/to-ir.js';
import { modelFromSource } from '../../src/lang/dsl.js';

/** A deep copy without `loc` and `source`, so IR from the two front ends compares structurally. */
export function stripLocations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripLocations) as T;
  if (typeof value === 'function') return value;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'loc' || key === 'source') continue;
    out[key] = stripLocations(v);
  }
  return out as T;
}

/** The IR of an expression, via `let t = <source>`, without locations. */
export function exprOf(source: string, values: unknown[] = []): Expr {
  const ir = sourceToIR(`let t = ${source}`, values);
  const stmt = ir.statements[0]!;
  if (stmt.kind !== 'let') throw new Error('not a let');
  return stripLocations(stmt.value!);
}

export function irOf(source: string, values: unknown[] = []): ModelIR {
  return stripLocations(sourceToIR(source, values));
}

/** The ModelError that `f` throws (fails the test if it throws nothing or something else). */
export function modelErrorOf(f: () => unknown): ModelError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return error as ModelError;
  }
  throw new Error('expected a ModelError, nothing was thrown');
}

/** Parse and check a source; return its ModelError. */
export function checkError(source: string, values: unknown[] = []): ModelError {
  return modelErrorOf(() => modelFromSource(source, values));
}

/** `line:column` of an error. */
export function at(error: ModelError): string {
  return `${error.location?.line}:${error.location?.column}`;
}

export const num = (value: number): Expr => ({ kind: 'number', value });
export const ref = (name: string): Expr => ({ kind: 'ref', name });
export const bin = (op: string, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right }) as Expr;
