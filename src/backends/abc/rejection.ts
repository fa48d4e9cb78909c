/**
 * Rejection ABC (Pritchard et al. 1999), the sbibm REJ-ABC baseline: keep the simulations whose
 * summaries lie closest to the observed ones,
 *
 *   accept θ_i  ⇔  ρ(x_i, x_o) ≤ ε,   ε = the k-th smallest distance (k = quantile · N),
 *
 * which targets p(θ | ρ(x, x_o) ≤ ε) → p(θ | x_o) as ε → 0 (for sufficient summaries).
 */

/**
 * Indices of the k simulations nearest the observed summary, nearest first.
 * @param s     (N, S) simulated summaries
 * @param obs   (S) observed summary
 * @param scale (S) per-coordinate divisor
 * @returns indices (k) and their distances (k)
 */
export function nearest(s: Float64Array, N: number, obs: Float64Array, scale: Float64Array, k: number): { index: Int32Array; distance: Float64Array } {
  const S = obs.length;
  const dist = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let d2 = 0;
    for (let j = 0; j < S; j++) d2 += ((s[i * S + j]! - obs[j]!) / scale[j]!) ** 2;
    dist[i] = Number.isFinite(d2) ? Math.sqrt(d2) : Infinity;
  }
  const order = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => dist[a]! - dist[b]! || a - b);
  const keep = Math.min(k, N);
  const index = order.slice(0, keep);
  return { index, distance: Float64Array.from(index, (i) => dist[i]!) };
}
