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

/** Stan's constrained types; the size in brackets is K (matrices are K × K). */
export type Constraint = 'simplex' | 'ordered' | 'positive_ordered' | 'unit_vector'
  | 'cholesky_factor_corr' | 'cholesky_factor_cov' | 'cov_matrix' | 'corr_matrix';

/** Element type and shape of a value: scalar (dims = []), vector ([n]) or matrix ([n, m]). */
export interface ValueType {
  elem: 'real' | 'int';
  dims: SizeExpr[];
  /** `real<lower=a, upper=b>`: the declared support (for a param: it sets the bijector). */
  lower?: Expr;
  upper?: Expr;
  /** `simplex[K]`, `ordered[K]`, ...: dims holds [K] for vectors and [K, K] for matrices. */
  constraint?: Constraint;
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
  | { kind: 'conditional'; cond: Expr; then: Expr; otherwise: Expr; loc?: Loc }
  /** A slice inside an index: `:` (all), `a:`, `:b`, `a:b` (1-based, inclusive). */
  | { kind: 'slice'; from?: Expr; to?: Expr; loc?: Loc };

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
  /** Absent: a flat (improper) prior over the declared type's support, as in Stan. */
  prior?: DistributionCall;
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

/** `local x: T (= e)?`: like a let, but not reported. Inside a block every let is local. */
export interface LocalStmt {
  kind: 'local';
  name: string;
  type?: ValueType;
  value?: Expr;
  loc?: Loc;
}

/** `x = e`, `x[i, j] = e`, `x[i] += e`: assignment to a let/local (not to params, data or inputs). */
export interface AssignStmt {
  kind: 'assign';
  name: string;
  indices: Expr[];
  op: '=' | '+=';
  value: Expr;
  type?: undefined;
  loc?: Loc;
}

/** `target += e` (and `x ~ dist(args)` on an existing name, which is target += dist_lpdf(x | args)). */
export interface TargetStmt {
  kind: 'target';
  name: string;
  value: Expr;
  type?: undefined;
  loc?: Loc;
}

export interface ForStmt {
  kind: 'for';
  /** The loop variable (an int, 1-based ranges inclusive at both ends, as in Stan). */
  name: string;
  from: Expr;
  to: Expr;
  body: Stmt[];
  type?: undefined;
  loc?: Loc;
}

export interface IfStmt {
  kind: 'if';
  name: string;
  cond: Expr;
  then: Stmt[];
  otherwise: Stmt[];
  type?: undefined;
  loc?: Loc;
}

/** `function f(a: real, b: vector): real { ...; return e }`: pure, inlined at each call. */
export interface FunctionStmt {
  kind: 'function';
  name: string;
  args: { name: string; type: ValueType; loc?: Loc }[];
  returns?: ValueType;
  body: Stmt[];
  type?: undefined;
  loc?: Loc;
}

export interface ReturnStmt {
  kind: 'return';
  name: string;
  value: Expr;
  type?: undefined;
  loc?: Loc;
}

/** The statements of Stan's imperative blocks: loops, conditions, assignment, target +=, functions. */
export type BlockStmt = LocalStmt | AssignStmt | TargetStmt | ForStmt | IfStmt | FunctionStmt | ReturnStmt;

export type Stmt = InputStmt | RandomStmt | DataStmt | LetStmt | BlockStmt;

export function isBlockStmt(s: Stmt): s is BlockStmt {
  return s.kind === 'local' || s.kind === 'assign' || s.kind === 'target' || s.kind === 'for' || s.kind === 'if' || s.kind === 'function' || s.kind === 'return';
}

export interface ModelIR {
  /** Statements in source order (the checker verifies definition-before-use / no cycles). */
  statements: Stmt[];
  /** The DSL source with interpolations shown as ${0}, ${1}, ...; absent for builder models. */
  source?: string;
}
