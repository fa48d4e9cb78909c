/**
 * Argument checks shared by every distribution, Stan-math style: one message shape everywhere,
 * naming the distribution and the argument ("normal: scale must be positive and finite, got -1"),
 * so a new distribution reuses these rather than inventing its own wording.
 */
import type { ArgConstraint, ArgSpec } from './types.js';

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
    default:
      return false;
  }
}

export function argError(dist: string, arg: string, constraint: ArgConstraint, got: unknown): Error {
  return new Error(`${dist}: ${arg} must be ${DESCRIPTION[constraint]}, got ${formatValue(got)}`);
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
    if (!satisfiesScalar(spec.constraint, v)) throw argError(dist, spec.name, spec.constraint, v);
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
