/**
 * All checks a model passes before anything runs, in the order that gives the most useful first
 * error: names (so shape messages never talk about unknown names), per-statement rules, shapes.
 */
import { isBlockStmt, type Expr, type ModelIR } from '../ir.js';
import { childExprs, exprsOf } from './walk.js';
import { checkNames } from './names.js';
import { checkShapes, type TypeMap } from './shapes.js';
import { checkStatements } from './statements.js';

export interface CheckedModel {
  ir: ModelIR;
  /** Every name's type (declared, else inferred), sizes symbolic. */
  types: TypeMap;
}

/**
 * Whether a model uses the statements of Stan's imperative blocks (loops, assignment, target +=,
 * functions, locals), flat priors, declared bounds or constrained types. Their names, shapes and
 * supports depend on control flow that only the compiler follows (it unrolls loops with the
 * sizes known), so for these models the compiler reports those errors, with line:column.
 */
export function usesBlockStatements(ir: ModelIR): boolean {
  return ir.statements.some((s) => isBlockStmt(s)
    || ((s.kind === 'param' || s.kind === 'latent') && !s.prior)
    || (s.kind === 'let' && !s.value && !s.external)
    || (s.type !== undefined && (s.type.lower !== undefined || s.type.upper !== undefined || s.type.constraint !== undefined))
    || exprsOf(s).some(hasSlice));
}

function hasSlice(e: Expr): boolean {
  return e.kind === 'slice' || childExprs(e).some(hasSlice);
}

/** Throws the first ModelError found; returns the types of all names otherwise. */
export function checkModel(ir: ModelIR): CheckedModel {
  if (usesBlockStatements(ir)) {
    checkStatements({ ...ir, statements: ir.statements.filter((s) => !isBlockStmt(s)) }, ir.statements.some(isBlockStmt));
    return { ir, types: new Map() };
  }
  checkNames(ir);
  checkStatements(ir);
  return { ir, types: checkShapes(ir) };
}

export { resultType, builtins, type ArgInfo, type FunctionSpec } from './builtins.js';
export { inferType, sizeOf, type InferOptions } from './infer.js';
export { distributions, normaliseDistribution, type DistributionSpec } from './distributions.js';
export { distributionType } from './shapes.js';
export { showType } from './types.js';
