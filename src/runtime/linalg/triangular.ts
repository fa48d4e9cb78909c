/**
 * Triangular solves and products with a lower-triangular L (row-major Float64Array, n × n).
 *
 * Only the lower triangle of L is read, so a Cholesky factor with garbage above the diagonal works.
 * Vectors are read from b[bOff ..] and written to out[outOff ..]; out may alias b.
 */

/** Solves L y = b (forward substitution). */
export function solveLower(l: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array, lOff = 0, bOff = 0, outOff = 0): void {
  for (let i = 0; i < n; i++) {
    let s = b[bOff + i]!;
    const row = lOff + i * n;
    for (let k = 0; k < i; k++) s -= l[row + k]! * out[outOff + k]!;
    out[outOff + i] = s / l[row + i]!;
  }
}

/** Solves Lᵀ y = b (back substitution with the transpose, without forming it). */
export function solveLowerTranspose(l: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array, lOff = 0, bOff = 0, outOff = 0): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[bOff + i]!;
    for (let k = i + 1; k < n; k++) s -= l[lOff + k * n + i]! * out[outOff + k]!;
    out[outOff + i] = s / l[lOff + i * n + i]!;
  }
}

/** out = L z (out must not alias z). */
export function multiplyLower(l: Float64Array, n: number, z: ArrayLike<number>, out: Float64Array, lOff = 0, zOff = 0, outOff = 0): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = lOff + i * n;
    for (let k = 0; k <= i; k++) s += l[row + k]! * z[zOff + k]!;
    out[outOff + i] = s;
  }
}
