/**
 * Dense matrix inverse, row-major Float64Array, n × n: Gauss–Jordan elimination with partial
 * pivoting. For small host-side inverses (the LU flow layer's D × D weight when sampling), where
 * loading a whole linear-algebra library for one function would cost more than the inverse.
 */

/**
 * Returns A⁻¹ as a new row-major Float64Array. Throws when A is singular to working precision (a
 * pivot below n·ε times the largest entry), naming the column, rather than returning infinities.
 */
export function invert(a: ArrayLike<number>, n: number): Float64Array {
  if (a.length !== n * n) throw new Error(`invert: expected ${n * n} entries for a ${n}×${n} matrix, got ${a.length}`);
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < m.length; i++) scale = Math.max(scale, Math.abs(m[i]!));
  const tiny = scale * n * Number.EPSILON;
  for (let col = 0; col < n; col++) {
    // Partial pivoting: the largest |entry| on or below the diagonal keeps the elimination stable.
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    const p = m[pivot * n + col]!;
    if (!(Math.abs(p) > tiny)) throw new Error(`invert: matrix is singular (no usable pivot in column ${col}; |pivot| = ${Math.abs(p)})`);
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        swap(m, col * n + k, pivot * n + k);
        swap(inv, col * n + k, pivot * n + k);
      }
    }
    for (let k = 0; k < n; k++) {
      m[col * n + k]! /= p;
      inv[col * n + k]! /= p;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * n + col]!;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        m[r * n + k]! -= f * m[col * n + k]!;
        inv[r * n + k]! -= f * inv[col * n + k]!;
      }
    }
  }
  return inv;
}

function swap(x: Float64Array, i: number, j: number): void {
  const t = x[i]!;
  x[i] = x[j]!;
  x[j] = t;
}
