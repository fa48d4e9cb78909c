/**
 * Argument checks shared by every distribution, Stan-math style (check_positive_finite(function,
 * "Scale parameter", sigma)): one message shape everywhere, naming the distribution, the argument's
 * role and its name ("normal: Scale parameter sigma must be positive and finite, got -1"), thrown
 * as a typed DistributionArgumentError so callers can tell a bad argument from a bug.
 */
import type { ArgConstraint, ArgSpec } from './types.js';

/** A distribution argument outside its domain: which function, which argument, expected vs got. */
export class DistributionArgumentError extends Error {
  constructor(
    /** The distribution ("normal"). */
    readonly fn: string,
    /** The argument's Stan name ("sigma"). */
    readonly argument: string,
    /** Stan math's description of the argument ("Scale parameter"). */
    readonly label: string,
    /** What it must be ("positive and finite"). */
    readonly expected: string,
    /** The offending value, formatted. */
    readonly got: string,
  ) {
    super(`${fn}: ${label} ${argument} must be ${expected}, got ${got}`);
    this.name = 'DistributionArgumentError';
  }
}

const DESCRIPTION: Record<ArgConstraint, string> = {
  real: 'a real number (not NaN)',
  finite: 'finite',
  positive: 'positive and finite',
  nonnegative: 'nonnegative and finite',
  probability: 'a probability in [0, 1]',
  'nonnegative-int': 'a nonnegative integer',
  simplex: 'a simplex (nonnegative entries summing to 1)',
  covariance: 'a symmetric positive-definite matrix',
  'cholesky-factor': 'a lower-triangular matrix with positive diagonal',
  'positive-vector': 'a vector of positive finite numbers',
  'finite-vector': 'a vector of finite numbers',
  ordered: 'an ordered vector of finite numbers',
  'positive-int': 'a positive integer',
  'correlation-cholesky': 'a Cholesky factor of a correlation matrix',
};

/** Does a scalar satisfy a scalar constraint? (Vector/matrix constraints are checked elsewhere.) */
export function satisfiesScalar(constraint: ArgConstraint, v: number): boolean {
  switch (constraint) {
    case 'real':
      return !Number.isNaN(v);
    case 'finite':
      return Number.isFinite(v);
    case 'positive':
      return v > 0 && v < Infinity;
    case 'nonnegative':
      return v >= 0 && v < Infinity;
    case 'probability':
      return v >= 0 && v <= 1;
    case 'nonnegative-int':
      return v >= 0 && Number.isSafeInteger(v);
    case 'positive-int':
      return v > 0 && Number.isSafeInteger(v);
    default:
      return false;
  }
}

/** The error for argument `spec` of `dist` failing `constraint` (default: the spec's own). */
export function argError(dist: string, spec: ArgSpec, got: unknown, constraint: ArgConstraint = spec.constraint): DistributionArgumentError {
  return new DistributionArgumentError(dist, spec.name, spec.label, DESCRIPTION[constraint], formatValue(got));
}

/** An error with a free-form expectation (relations between arguments: "greater than alpha"). */
export function argRelationError(dist: string, spec: ArgSpec, expected: string, got: string): DistributionArgumentError {
  return new DistributionArgumentError(dist, spec.name, spec.label, expected, got);
}

export function formatValue(v: unknown): string {
  if (v instanceof Float64Array || Array.isArray(v)) {
    const items = Array.from(v as ArrayLike<number>).slice(0, 8).map(String);
    return `[${items.join(', ')}${(v as ArrayLike<number>).length > 8 ? ', ...' : ''}]`;
  }
  return String(v);
}

/** Checks a scalar distribution's arguments (a, b, c in ArgSpec order) and throws on the first bad one. */
export function checkScalarArgs(dist: string, specs: readonly ArgSpec[], a: number, b: number, c: number): void {
  // No array of values: `sample` calls this once per draw, so it must not allocate.
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const v = i === 0 ? a : i === 1 ? b : c;
    if (!satisfiesScalar(spec.constraint, v)) throw argError(dist, spec, v);
  }
}

/** Tolerance on Σ = 1 for simplex arguments and values (accumulated rounding of user expressions). */
export const SIMPLEX_TOLERANCE = 1e-8;

/** Nonnegative finite entries summing to 1 within tolerance. */
export function isSimplex(v: Float64Array, off: number, n: number): boolean {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = v[off + i]!;
    if (!(p >= 0 && p <= 1)) return false;
    s += p;
  }
  return Math.abs(s - 1) <= SIMPLEX_TOLERANCE * Math.max(1, n);
}

/** True if x is an integer in [lo, hi] (discrete values arrive as float64). */
export function isIntegerIn(x: number, lo: number, hi: number): boolean {
  return Number.isInteger(x) && x >= lo && x <= hi;
}

/** Writes zeros into out[0..3]: every gradient slot a distribution does not fill is 0. */
export function zeroGrad(out: Float64Array): void {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  out[3] = 0;
}
