/**
 * Shape checks, statement by statement: infer the type of every right-hand side, check it
 * against the declared type, and record the type of every name (declared, else inferred).
 *
 * A distribution's draw may be smaller than the declared type only for scalar (vectorising)
 * distributions with all-scalar arguments: `param theta: vector[J] ~ normal(0, 1)` means J i.i.d.
 * draws. Int variables need a discrete distribution; real ones accept anything.
 */
import type { DistributionCall, ModelIR, Stmt, ValueType } from '../ir.js';
import { arityMessage } from './builtins.js';
import { distributions, isScalarDistribution } from './distributions.js';
import { inferType, type InferOptions } from './infer.js';
import { located, modelError } from './report.js';
import { TypeProblem, assignable, isScalar, plainType, sameShape, showType } from './types.js';

export type TypeMap = Map<string, ValueType>;

/** The type of one draw of `dist` (before i.i.d. expansion to a declared type). */
export function distributionType(dist: DistributionCall, env: TypeMap, options: InferOptions): ValueType {
  const spec = distributions.get(dist.name);
  located(options, dist.loc, () => {
    if (!spec) throw new TypeProblem(`unknown distribution '${dist.name}'`);
    if (dist.args.length !== spec.args.length) throw arityMessage('distribution', dist.name, spec.args, dist.args.length);
  });
  const args = dist.args.map((arg) => inferType(arg, env, options));
  return located(options, dist.loc, () => spec!.valueType(args));
}

function checkDraw(stmt: Stmt, dist: DistributionCall, draw: ValueType, options: InferOptions): ValueType {
  const declared = stmt.type;
  const discrete = distributions.get(dist.name)!.discrete;
  if (!declared) return draw;
  if (declared.elem === 'int' && !discrete) {
    throw modelError(options, `'${stmt.name}' is declared int but ${dist.name} is continuous`, dist.loc, 'a discrete distribution or a real type', dist.name);
  }
  const iid = isScalar(draw) && isScalarDistribution(dist.name);
  if (!iid && !sameShape(declared, draw)) {
    throw modelError(options, `'${stmt.name}' is declared ${showType(declared)} but ${dist.name}(...) gives ${showType(draw)}`, dist.loc, showType(declared), showType(draw));
  }
  return declared;
}

function checkValue(stmt: Stmt, value: ValueType, loc: Stmt['loc'], options: InferOptions): ValueType {
  if (!stmt.type) return value;
  if (!assignable(stmt.type, value)) {
    throw modelError(options, `'${stmt.name}' is declared ${showType(stmt.type)} but its value is ${showType(value)}`, loc, showType(stmt.type), showType(value));
  }
  return stmt.type;
}

function statementType(stmt: Stmt, env: TypeMap, options: InferOptions): ValueType {
  switch (stmt.kind) {
    case 'input':
      return stmt.type;
    case 'param': case 'latent':
      if (!stmt.prior) return stmt.type ?? { elem: 'real', dims: [] };
      return checkDraw(stmt, stmt.prior, distributionType(stmt.prior, env, options), options);
    case 'let':
      if (!stmt.value) {
        for (const arg of stmt.external?.args ?? []) inferType(arg, env, options);
        if (!stmt.type) throw modelError(options, `let '${stmt.name}' comes from a TypeScript function, so its type must be declared`, stmt.loc, `let ${stmt.name}: vector[n] = \${fn}(...)`, 'no type');
        return stmt.type;
      }
      return checkValue(stmt, inferType(stmt.value, env, options), stmt.value.loc ?? stmt.loc, options);
    case 'data':
      if (stmt.density) return checkDraw(stmt, stmt.density, distributionType(stmt.density, env, options), options);
      if (stmt.deterministic) return checkValue(stmt, inferType(stmt.deterministic, env, options), stmt.deterministic.loc ?? stmt.loc, options);
      for (const arg of stmt.simulator?.args ?? []) inferType(arg, env, options);
      return stmt.type!;
    default:
      // Block statements (loops, assignment, target +=, functions) are checked by the compiler.
      return stmt.type ?? { elem: 'real', dims: [] };
  }
}

/** Types of all names in source order; throws a located ModelError at the first shape problem. */
export function checkShapes(ir: ModelIR): TypeMap {
  const env: TypeMap = new Map();
  const sizeNames = new Set<string>();
  for (const stmt of ir.statements) {
    const options: InferOptions = { source: ir.source, statement: stmt.name, sizeNames };
    env.set(stmt.name, plainType(statementType(stmt, env, options)));
    if (stmt.kind === 'input' && stmt.type.elem === 'int' && stmt.type.dims.length === 0) sizeNames.add(stmt.name);
  }
  return env;
}
