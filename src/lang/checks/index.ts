/**
 * All checks a model passes before anything runs, in the order that gives the most useful first
 * error: names (so shape messages never talk about unknown names), per-statement rules, shapes.
 */
import type { ModelIR } from '../ir.js';
import { checkNames } from './names.js';
import { checkShapes, type TypeMap } from './shapes.js';
import { checkStatements } from './statements.js';

export interface CheckedModel {
  ir: ModelIR;
  /** Every name's type (declared, else inferred), sizes symbolic. */
  types: TypeMap;
}

/** Throws the first ModelError found; returns the types of all names otherwise. */
export function checkModel(ir: ModelIR): CheckedModel {
  checkNames(ir);
  checkStatements(ir);
  return { ir, types: checkShapes(ir) };
}

export { resultType, builtins, type ArgInfo, type FunctionSpec } from './builtins.js';
export { inferType, sizeOf, type InferOptions } from './infer.js';
export { distributions, normaliseDistribution, type DistributionSpec } from './distributions.js';
export { distributionType } from './shapes.js';
export { showType } from './types.js';
