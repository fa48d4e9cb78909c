/**
 * Scalar and reduction helpers that generated code calls through `R`: special functions (from
 * runtime/special.ts), stable log-sum-exp, standard deviation, and the 1-based index check.
 */
import { digamma, erf, lgamma, logAddExp, logSumExp as lse, normalCdf, sigmoid, softplus } from '../special.js';

export const logistic = sigmoid;
export const log1pExp = softplus;
export const Phi = normalCdf;
export { digamma, erf, lgamma };

export function lse2(a: number, b: number): number {
  return logAddExp(a, b);
}

export function logSumExp(a: Float64Array, n: number): number {
  return lse(a, 0, n);
}

export function mean(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]!;
  return s / n;
}

/** Sample standard deviation (n - 1 denominator, as in Stan's sd). */
export function sd(a: Float64Array, n: number): number {
  const m = mean(a, n);
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i]! - m) * (a[i]! - m);
  return Math.sqrt(s / (n - 1));
}

/** Throws a RangeError naming the variable when a computed index is out of 1..n. */
export function checkIndex(i: number, n: number, label: string): void {
  if (!(Number.isInteger(i) && i >= 1 && i <= n)) {
    throw new RangeError(`index ${i} is out of range 1..${n} (in '${label}')`);
  }
}
