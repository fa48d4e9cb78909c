/**
 * Per-statement rules that are not about names or shapes:
 * - `param` / `latent` need a prior, and it must be continuous (inference works in a continuous,
 *   unconstrained space: NUTS and the neural estimators cannot move a discrete parameter);
 * - a `data` node has exactly one of a density (`~`), an expression (`=`) or a TS simulator;
 * - a simulator's output shape cannot be inferred, so it must be declared;
 * - sizes in types are whole-number literals or `int` inputs.
 */
import type { DistributionCall, ModelIR, Stmt, ValueType } from '../ir.js';
import type { SourceLocation } from '../errors.js';
import { isDiscrete } from './distributions.js';
import { modelError, type Reporter } from './report.js';
import { showType } from './types.js';

/** Used by both front ends when a `param`/`latent` has no `~ distribution`. */
export function requirePrior(
  kind: 'param' | 'latent',
  name: string,
  prior: DistributionCall | undefined,
  loc: SourceLocation | undefined,
  source?: string,
): DistributionCall {
  if (prior) return prior;
  throw modelError({ source, statement: name }, `${kind} '${name}' has no prior`, loc, `${kind} ${name} ~ distribution(...)`, 'no ~');
}

function checkSizes(ir: ModelIR, stmt: Stmt, type: ValueType | undefined, at: Reporter): void {
  for (const size of type?.dims ?? []) {
    if (size.kind === 'const') {
      if (!Number.isInteger(size.value) || size.value < 1) {
        throw modelError(at, 'a size must be a whole number of at least 1', stmt.loc, 'a size like 8', String(size.value));
      }
      continue;
    }
    const def = ir.statements.find((s) => s.name === size.name);
    if (def === undefined) continue; // reported by the name checks
    const ok = def.kind === 'input' && def.type.elem === 'int' && def.type.dims.length === 0;
    if (!ok) {
      const found = def.kind === 'input' ? `input ${size.name}: ${showType(def.type)}` : `${def.kind} ${size.name}`;
      throw modelError(at, `size '${size.name}' must be an int input`, size.loc ?? stmt.loc, `input ${size.name}: int`, found);
    }
  }
}

/** `blocks`: the model has block statements, so a data statement may be observed through them (type only). */
export function checkStatements(ir: ModelIR, blocks = false): void {
  for (const stmt of ir.statements) {
    const at = { source: ir.source, statement: stmt.name };
    checkSizes(ir, stmt, stmt.type, at);
    if (stmt.kind === 'param' || stmt.kind === 'latent') {
      if (stmt.prior && isDiscrete(stmt.prior.name)) {
        throw modelError(at, `${stmt.kind} '${stmt.name}' has a discrete prior (${stmt.prior.name}); inference needs continuous ${stmt.kind}s`, stmt.prior.loc, 'a continuous distribution', stmt.prior.name);
      }
    }
    if (stmt.kind === 'data') {
      const given = [stmt.density && '~ distribution', stmt.deterministic && '= expression', stmt.simulator && '= simulator'].filter(Boolean);
      if (given.length !== 1 && !(blocks && given.length === 0 && stmt.type)) {
        throw modelError(at, `data '${stmt.name}' needs exactly one of '~ distribution' or '= expression'`, stmt.loc, 'one of them', given.length === 0 ? 'neither' : given.join(' and '));
      }
      if (stmt.simulator && !stmt.type) {
        throw modelError(at, `data '${stmt.name}' comes from a simulator, so its type must be declared`, stmt.loc, `data ${stmt.name}: vector[n] = \${fn}(...)`, 'no type');
      }
    }
  }
}
