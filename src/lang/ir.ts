/**
 * The model IR: what both front ends (the tagged-template DSL and the builder API) produce and
 * what the compiler consumes. It knows nothing about backends.
 *
 * Conventions
 * - Indexing in the language is 1-based (as in Stan and R), and element names are reported as
 *   `theta[1]`, `X[2,3]`, matching posteriordb and ArviZ conventions.
 * - Shapes may refer to inputs by name (`vector[n]`); they become numbers when the model is
 *   compiled against concrete inputs.
 * - Every node carries an optional source location so checks can report line:column.
 */
import type { SourceLocation } from './errors.js';

export type Loc = SourceLocation | undefined;

/** A dimension: a literal size or the name of an `int` input. */
export type SizeExpr = { kind: 'const'; value: number } | { kind: 'input'; name: string; loc?: Loc };

/** Element type and shape of a value: scalar (dims = []), vector ([n]) or matrix ([n, m]). */
export interface ValueType {
  elem: 'real' | 'int';
  dims: SizeExpr[];
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '^'        // `*` is scalar multiply or matrix product (Stan semantics)
  | '.*' | './'                        // elementwise multiply / divide, broadcasting scalars
  | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

export type UnaryOp = '-' | '!';

export type Expr =
  | { kind: 'number'; value: number; loc?: Loc }
  /** A name: an input, param, latent, data or let. `pi` and `e` are predefined constants. */
  | { kind: 'ref'; name: string; loc?: Loc }
  /** A TypeScript value interpolated with ${...}: a number, a vector or a matrix (row-major rows). */
  | { kind: 'constant'; value: number | number[] | number[][]; loc?: Loc }
  | { kind: 'unary'; op: UnaryOp; arg: Expr; loc?: Loc }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; loc?: Loc }
  /** A built-in function (exp, log, sum, dot, cholesky, ...). Names are resolved by the checker. */
  | { kind: 'call'; fn: string; args: Expr[]; loc?: Loc }
  /** target[i] or target[i, j]; 1-based. */
  | { kind: 'index'; target: Expr; indices: Expr[]; loc?: Loc }
  /** [a, b, c]: a vector built from scalars. */
  | { kind: 'vector'; elements: Expr[]; loc?: Loc }
  /** cond ? a : b */
  | { kind: 'conditional'; cond: Expr; then: Expr; otherwise: Expr; loc?: Loc };

/** `name(args)` on the right of `~`: a distribution from the runtime's registry. */
export interface DistributionCall {
  name: string;
  args: Expr[];
  loc?: Loc;
}

/**
 * A TypeScript simulator interpolated into the model: `data x: vector[8] = ${fn}(a, b)`.
 * It is called as fn(rng, ...argValues) and must return a number, an array or a nested array
 * of the declared shape. It has no density, so a model using one has no likelihood.
 */
export interface SimulatorCall {
  fn: (rng: import('../runtime/rng.js').Rng, ...args: unknown[]) => unknown;
  /** For error messages: the function's name or `<anonymous>`. */
  label: string;
  args: Expr[];
  loc?: Loc;
}

export interface InputStmt {
  kind: 'input';
  name: string;
  type: ValueType;
  loc?: Loc;
}

/** `param` (inferred, reported) and `latent` (nuisance: sampled by MCMC, not reported). */
export interface RandomStmt {
  kind: 'param' | 'latent';
  name: string;
  /** Declared type; when absent the checker infers it from the distribution's arguments. */
  type?: ValueType;
  prior: DistributionCall;
  loc?: Loc;
}

export interface DataStmt {
  kind: 'data';
  name: string;
  type?: ValueType;
  /** Exactly one of these three. `density` gives a likelihood; the other two do not. */
  density?: DistributionCall;
  deterministic?: Expr;
  simulator?: SimulatorCall;
  loc?: Loc;
}

export interface LetStmt {
  kind: 'let';
  name: string;
  type?: ValueType;
  /** The defining expression; absent when `external` computes the value. */
  value?: Expr;
  /**
   * `let y: T = ${fn}(args)`: a TypeScript function of the arguments (called as fn(...args),
   * no rng), for derived outputs only: it has no derivative, so no density may use it.
   */
  external?: SimulatorCall;
  loc?: Loc;
}

export type Stmt = InputStmt | RandomStmt | DataStmt | LetStmt;

export interface ModelIR {
  /** Statements in source order (the checker verifies definition-before-use / no cycles). */
  statements: Stmt[];
  /** The DSL source with interpolations shown as ${0}, ${1}, ...; absent for builder models. */
  source?: string;
}
