/** Network evaluations in bounded batches: many data sets × many points would otherwise be one huge tensor. */

/** log-likelihood (or log-ratio) of n rows u (n, P) against data sets `targets` (n) → (n). */
export type BatchedLogLikelihood = (u: Float64Array, targets: Int32Array) => Float64Array;

/** Rows per network call at most (a 5-layer MAF of width 50 holds ~16 MB of activations at this size). */
export const MAX_ROWS = 16_384;

/** f over rows u (n, P), targets (n), in chunks of at most `maxRows` rows. */
export function chunked(f: BatchedLogLikelihood, u: Float64Array, targets: Int32Array, P: number, maxRows = MAX_ROWS): Float64Array {
  const n = targets.length;
  if (n <= maxRows) return f(u, targets);
  const out = new Float64Array(n);
  for (let s = 0; s < n; s += maxRows) {
    const e = Math.min(n, s + maxRows);
    out.set(f(u.subarray(s * P, e * P), targets.subarray(s, e)), s);
  }
  return out;
}
