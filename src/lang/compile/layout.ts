/**
 * GraphVar → the public VariableInfo (element names, offsets, supports).
 */
import type { VariableInfo } from '../compiled-model.js';
import type { DerivedVar, GraphVar } from './graph.js';

export function elementNames(name: string, shape: readonly number[]): string[] {
  if (shape.length === 0) return [name];
  if (shape.length === 1) return Array.from({ length: shape[0]! }, (_, i) => `${name}[${i + 1}]`);
  const out: string[] = [];
  for (let i = 0; i < shape[0]!; i++) for (let j = 0; j < shape[1]!; j++) out.push(`${name}[${i + 1},${j + 1}]`);
  return out;
}

export function variableInfo(v: GraphVar): VariableInfo {
  const info: VariableInfo = {
    name: v.name,
    kind: v.kind,
    elem: v.elem,
    shape: [...v.shape],
    size: v.size,
    offset: v.offset,
    unconstrainedOffset: v.kind === 'data' ? -1 : v.uOffset,
    unconstrainedSize: v.kind === 'data' ? 0 : v.uSize,
    support: v.support,
    elementNames: elementNames(v.name, v.shape),
  };
  if (v.kind === 'data') info.hasDensity = v.dist !== undefined;
  return info;
}

/** A `let` as a VariableInfo of kind 'derived' (no unconstrained coordinates; support ℝ). */
export function derivedInfo(d: DerivedVar): VariableInfo {
  return {
    name: d.name,
    kind: 'derived',
    elem: d.elem,
    shape: [...d.shape],
    size: d.size,
    offset: d.offset,
    unconstrainedOffset: -1,
    unconstrainedSize: 0,
    support: d.elem === 'int' ? { kind: 'integer', lower: -Infinity, upper: Infinity } : { kind: 'real' },
    elementNames: elementNames(d.name, d.shape),
  };
}
