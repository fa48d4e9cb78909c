/**
 * CONTRACT: the shape every distribution follows (one distribution per file, Stan-math style).
 *
 * Hot paths (log densities and gradients inside NUTS, batched simulation) call these with plain
 * numbers and preallocated arrays: no allocation per call. Argument checks that name the
 * distribution and the argument happen in `checkArgs` (called by the compiler for constant
 * arguments and by `sample`); inside `logDensity*` an invalid argument yields -Infinity, never a
 * throw, so a sampler simply rejects that point.
 */
import type { Rng } from '../rng.js';

/** Where a distribution puts its mass; chooses the bijector for parameters drawn from it. */
export type Support =
  | { kind: 'real' }
  | { kind: 'positive' } //                            (0, ∞)
  | { kind: 'lower'; lower: number } //                (lower, ∞)
  | { kind: 'upper'; upper: number } //                (-∞, upper)
  | { kind: 'interval'; lower: number; upper: number } // (lower, upper)
  | { kind: 'unit' } //                                (0, 1)
  | { kind: 'simplex' } //                             vector, x_i > 0, sum = 1
  | { kind: 'integer'; lower: number; upper: number }; // {lower..upper}, bounds may be ±Infinity

/** What an argument must be: checked with a message naming distribution and argument. */
export type ArgConstraint =
  | 'real' | 'finite' | 'positive' | 'nonnegative' | 'probability' | 'nonnegative-int'
  | 'simplex' | 'covariance' | 'cholesky-factor' | 'positive-vector' | 'finite-vector' | 'ordered'
  | 'positive-int' | 'correlation-cholesky';

export interface ArgSpec {
  /** Stan's name for the argument (normal(mu, sigma), binomial(N, theta)): the one vocabulary. */
  name: string;
  /** Stan math's description of its role, used in messages: "Scale parameter". */
  label: string;
  rank: 0 | 1 | 2; // scalar, vector, matrix (for scalar distributions always 0: vectorisation broadcasts)
  constraint: ArgConstraint;
  /** The argument must have an int type in the DSL (binomial's N). */
  int?: boolean;
  /**
   * Vector distributions: symbolic sizes of this argument ('K' for vector[K], ['K', 'K'] for a
   * square matrix). Equal symbols must be equal sizes; the value's dims use the same symbols.
   */
  dims?: readonly string[];
}

/** One row of the distribution table in docs/language.md (rendered from the registry). */
export interface DistributionDoc {
  support: string;
  constraints: string;
  density: string;
}

/**
 * A univariate distribution. Vectorised/i.i.d. use (vector value, scalar or vector arguments)
 * is done by the caller looping with broadcasting; a scalar distribution only sees scalars.
 * Arity is fixed per distribution (1 to 3 arguments).
 */
export interface ScalarDistribution {
  kind: 'scalar';
  name: string; // DSL name: 'normal', 'half_cauchy', ...
  args: ArgSpec[];
  discrete: boolean;
  /** The support given (constant) arguments, e.g. uniform(a, b) → interval(a, b). */
  support(a: number, b: number, c: number): Support;
  /** Throws a ModelError/DataError-free plain Error whose message names the distribution and argument. */
  checkArgs(a: number, b: number, c: number): void;
  logDensity(x: number, a: number, b: number, c: number): number;
  /** Returns log p(x | a, b, c) and writes out[0] = ∂/∂x, out[1] = ∂/∂a, out[2] = ∂/∂b, out[3] = ∂/∂c. */
  logDensityGrad(out: Float64Array, x: number, a: number, b: number, c: number): number;
  sample(rng: Rng, a: number, b: number, c: number): number;
  /**
   * log P(X ≤ x) and log P(X > x), where they exist (for truncation T[L, U]); the *Grad forms
   * write ∂/∂x, ∂/∂a, ∂/∂b, ∂/∂c into out[0..3] like logDensityGrad.
   */
  lcdf?(x: number, a: number, b: number, c: number): number;
  lccdf?(x: number, a: number, b: number, c: number): number;
  lcdfGrad?(out: Float64Array, x: number, a: number, b: number, c: number): number;
  lccdfGrad?(out: Float64Array, x: number, a: number, b: number, c: number): number;
  doc: DistributionDoc;
  /** Exact moments where they exist (for tests of the sampler); NaN/Infinity where they do not. */
  mean(a: number, b: number, c: number): number;
  variance(a: number, b: number, c: number): number;
}

/**
 * A multivariate distribution on vectors (multi_normal, multi_normal_cholesky, dirichlet, ...).
 * Matrices are row-major Float64Arrays. `k` is the event size.
 */
export interface VectorDistribution {
  kind: 'vector';
  name: string;
  args: ArgSpec[];
  discrete: boolean;
  /**
   * The value's element type and symbolic dims (see ArgSpec.dims): [] is one scalar (categorical's
   * category), ['K'] a vector[K], ['K', 'K'] a matrix.
   */
  value: { elem: 'real' | 'int'; dims: readonly string[] };
  doc: DistributionDoc;
  /** Event size implied by the arguments' shapes (e.g. length of the mean). */
  eventSize(argShapes: number[][]): number;
  support(): Support;
  checkArgs(args: Float64Array[], k: number): void;
  logDensity(x: Float64Array, args: Float64Array[], k: number): number;
  /** Returns the log density; ADDS ∂/∂x into gx and ∂/∂args[i] into gargs[i]. */
  logDensityGrad(x: Float64Array, args: Float64Array[], k: number, gx: Float64Array, gargs: Float64Array[]): number;
  sample(rng: Rng, args: Float64Array[], k: number, out: Float64Array): void;
}

export type Distribution = ScalarDistribution | VectorDistribution;
