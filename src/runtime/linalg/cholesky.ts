/**
 * Dense Cholesky factorisation, row-major Float64Array, n × n.
 *
 * Used by multi_normal (factor Σ once per density call) and by the compiler's matrix autodiff.
 * No allocation: the caller passes the output buffer (it may alias the input).
 */

/**
 * Writes the lower-triangular L with A = L Lᵀ into `out` (upper triangle zeroed); reads only the
 * lower triangle of A. Returns false (leaving `out` partial) if A is not numerically positive
 * definite, so density code can return -Infinity instead of throwing.
 */
export function cholesky(a: Float64Array, n: number, out: Float64Array, aOff = 0, outOff = 0): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[aOff + j * n + j]!;
    for (let k = 0; k < j; k++) {
      const l = out[outOff + j * n + k]!;
      d -= l * l;
    }
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    out[outOff + j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[aOff + i * n + j]!;
      for (let k = 0; k < j; k++) s -= out[outOff + i * n + k]! * out[outOff + j * n + k]!;
      out[outOff + i * n + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) out[outOff + j * n + k] = 0;
  }
  return true;
}

/** log det A = 2 Σ log L_ii, from the Cholesky factor. */
export function choleskyLogDet(l: Float64Array, n: number, off = 0): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[off + i * n + i]!);
  return 2 * s;
}

/** Writes A⁻¹ (symmetric, full) into `out` from A's Cholesky factor L; `work` needs n entries. */
export function choleskyInverse(l: Float64Array, n: number, out: Float64Array, work: Float64Array): void {
  for (let c = 0; c < n; c++) {
    // Column c of A⁻¹ solves L Lᵀ y = e_c.
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= l[i * n + k]! * work[k]!;
      work[i] = s / l[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = work[i]!;
      for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * work[k]!;
      work[i] = s / l[i * n + i]!;
    }
    for (let i = 0; i < n; i++) out[i * n + c] = work[i]!;
  }
}
