/**
 * Name checks: every name is defined exactly once, before it is used, and is not a predefined
 * constant; unknown names get a "did you mean" from the names visible at that point.
 *
 * Statements run in source order, so "use before definition" and "cycle" are the same fault seen
 * from two sides; we call it a cycle when the later definition leads back to the current one.
 */
import type { ModelIR, Stmt } from '../ir.js';
import type { SourceLocation } from '../errors.js';
import { distributions } from './distributions.js';
import { predefined } from './infer.js';
import { modelError } from './report.js';
import { unknownMessage } from './suggest.js';
import { distributionOf, statementRefs } from './walk.js';

function where(loc: SourceLocation | undefined): string {
  return loc ? ` on line ${loc.line}` : '';
}

/** The chain of names from statement `from` that reaches back to statement `to`, if any. */
function pathBack(ir: ModelIR, index: Map<string, number>, from: number, to: number, seen = new Set<number>()): string[] | undefined {
  if (seen.has(from)) return undefined;
  seen.add(from);
  for (const ref of statementRefs(ir.statements[from]!)) {
    const target = index.get(ref.name);
    if (target === undefined) continue;
    if (target === to) return [ref.name];
    const rest = pathBack(ir, index, target, to, seen);
    if (rest) return [ref.name, ...rest];
  }
  return undefined;
}

export function checkNames(ir: ModelIR): void {
  const index = new Map<string, number>();
  ir.statements.forEach((stmt, i) => {
    const at = { source: ir.source, statement: stmt.name };
    if (predefined.has(stmt.name)) {
      throw modelError(at, `'${stmt.name}' is a predefined constant and cannot be redefined`, stmt.loc, 'another name', stmt.name);
    }
    const previous = index.get(stmt.name);
    if (previous !== undefined) {
      const first = ir.statements[previous]!;
      throw modelError(at, `duplicate name '${stmt.name}': already defined${where(first.loc)}`, stmt.loc, 'a new name', `a second '${stmt.name}'`);
    }
    index.set(stmt.name, i);
  });
  ir.statements.forEach((stmt, i) => checkStatementNames(ir, stmt, i, index));
}

function checkStatementNames(ir: ModelIR, stmt: Stmt, i: number, index: Map<string, number>): void {
  const at = { source: ir.source, statement: stmt.name };
  const visible = [...ir.statements.slice(0, i).map((s) => s.name), ...predefined.keys()];
  for (const ref of statementRefs(stmt)) {
    const target = index.get(ref.name);
    if (target === undefined) {
      if (predefined.has(ref.name) && !ref.asSize) continue;
      const expected = ref.asSize ? `an int input declared above (input ${ref.name}: int)` : 'a name defined above this line';
      throw modelError(at, unknownMessage('name', ref.name, visible), ref.loc, expected, `'${ref.name}'`);
    }
    if (target === i) throw modelError(at, `'${ref.name}' is defined in terms of itself`, ref.loc);
    if (target > i) {
      const back = pathBack(ir, index, target, i);
      if (back) {
        const cycle = [stmt.name, ref.name, ...back].join(' → ');
        throw modelError(at, `cycle: ${cycle}`, ref.loc, 'each name defined from earlier ones', cycle);
      }
      const definition = ir.statements[target]!;
      throw modelError(at, `'${ref.name}' is used before its definition${where(definition.loc)}`, ref.loc, `'${ref.name}' defined above this line`, `defined below`);
    }
  }
  const dist = distributionOf(stmt);
  if (dist && !distributions.has(dist.name)) {
    throw modelError(at, unknownMessage('distribution', dist.name, distributions.keys()), dist.loc);
  }
}
