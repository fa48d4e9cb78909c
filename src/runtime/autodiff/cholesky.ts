/**
 * Cholesky factorisation and its reverse-mode adjoint.
 *
 * The adjoint is the unblocked reverse of the column-wise (left-looking) factorisation in
 * runtime/linalg/cholesky.ts, in the spirit of Murray (2016), "Differentiation of the Cholesky
 * decomposition". Per column j, forward:
 *   d = A_jj - Σ_{k<j} L_jk²,  L_jj = √d,  L_ij = (A_ij - Σ_{k<j} L_ik L_jk) / L_jj  (i > j).
 * Reverse, for j = n-1 … 0: s̄_i = L̄_ij / L_jj; L̄_jj -= s̄_i L_ij; Ā_ij += s̄_i;
 * L̄_ik -= s̄_i L_jk and L̄_jk -= s̄_i L_ik (k < j); then d̄ = L̄_jj / (2 L_jj), Ā_jj += d̄,
 * L̄_jk -= 2 d̄ L_jk. O(n³/3), like the forward pass.
 *
 * Only A's lower triangle is read by the forward pass, so Ā is written to the lower triangle
 * only: for a symmetric A built from parameters, the chain rule through every entry of A then
 * gives the exact derivative, because the upper entries really do not affect L.
 */
import { cholesky as factor } from '../linalg/cholesky.js';

/** L = chol(A), lower triangular, upper zeroed. False if A is not positive definite. */
export function cholesky(A: Float64Array, L: Float64Array, n: number): boolean {
  return factor(A, n, L);
}

/** GA += ∂/∂A given GL = ∂/∂L. Overwrites GL (it is used as the working L̄). */
export function choleskyAdj(L: Float64Array, GL: Float64Array, GA: Float64Array, n: number): void {
  for (let j = n - 1; j >= 0; j--) {
    const jn = j * n;
    const ljj = L[jn + j]!;
    let gjj = GL[jn + j]!;
    for (let i = j + 1; i < n; i++) {
      const ir = i * n;
      const sb = GL[ir + j]! / ljj;
      if (sb === 0) continue;
      gjj -= sb * L[ir + j]!;
      GA[ir + j]! += sb;
      for (let k = 0; k < j; k++) {
        GL[ir + k]! -= sb * L[jn + k]!;
        GL[jn + k]! -= sb * L[ir + k]!;
      }
    }
    const db = gjj / (2 * ljj);
    GA[jn + j]! += db;
    for (let k = 0; k < j; k++) GL[jn + k]! -= 2 * db * L[jn + k]!;
  }
}
