/**
 * Traversal helpers shared by the checks: every expression a statement contains, and every name
 * an expression refers to, with the location of each reference.
 */
import type { DistributionCall, Expr, Stmt, ValueType } from '../ir.js';
import type { SourceLocation } from '../errors.js';

export interface Reference {
  name: string;
  loc?: SourceLocation | undefined;
  /** True for names used as sizes in a type (these must be int inputs). */
  asSize: boolean;
}

export function childExprs(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'number': case 'ref': case 'constant': return [];
    case 'unary': return [expr.arg];
    case 'binary': return [expr.left, expr.right];
    case 'call': return expr.args;
    case 'index': return [expr.target, ...expr.indices];
    case 'vector': return expr.elements;
    case 'conditional': return [expr.cond, expr.then, expr.otherwise];
    case 'slice': return [expr.from, expr.to].filter((e): e is Expr => e !== undefined);
  }
}

export function refsIn(expr: Expr, out: Reference[] = []): Reference[] {
  if (expr.kind === 'ref') out.push({ name: expr.name, loc: expr.loc, asSize: false });
  for (const child of childExprs(expr)) refsIn(child, out);
  return out;
}

function sizeRefs(type: ValueType | undefined, out: Reference[]): void {
  for (const size of type?.dims ?? []) {
    if (size.kind === 'input') out.push({ name: size.name, loc: size.loc, asSize: true });
  }
}

/** The distribution on the right of `~`, if the statement has one. */
export function distributionOf(stmt: Stmt): DistributionCall | undefined {
  if (stmt.kind === 'param' || stmt.kind === 'latent') return stmt.prior;
  if (stmt.kind === 'data') return stmt.density;
  return undefined;
}

/** Top-level expressions of a statement: distribution / simulator arguments, let and data values. */
export function exprsOf(stmt: Stmt): Expr[] {
  switch (stmt.kind) {
    case 'input': return [];
    case 'param': case 'latent': return stmt.prior ? stmt.prior.args : [];
    case 'let': return stmt.value ? [stmt.value] : [...(stmt.external?.args ?? [])];
    case 'data':
      return [
        ...(stmt.density?.args ?? []),
        ...(stmt.deterministic ? [stmt.deterministic] : []),
        ...(stmt.simulator?.args ?? []),
      ];
    default:
      return [];
  }
}

/** Every name a statement uses, sizes in its declared type first. */
export function statementRefs(stmt: Stmt): Reference[] {
  const out: Reference[] = [];
  sizeRefs(stmt.type, out);
  for (const expr of exprsOf(stmt)) refsIn(expr, out);
  return out;
}
