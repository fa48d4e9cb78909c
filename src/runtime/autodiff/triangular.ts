/**
 * Lower-triangular solve and log-determinant from a Cholesky factor, with adjoints.
 * Used by the `mdivide_left_tri_low` and `log_determinant_spd` built-ins.
 */
import { solveLower as solve, solveLowerTranspose } from '../linalg/triangular.js';

/** x = L⁻¹ b (L: n × n lower triangular). */
export function solveLower(L: Float64Array, b: Float64Array, x: Float64Array, n: number): void {
  solve(L, n, b, x);
}

/**
 * Given x = L⁻¹ b and gx: b̄ = L⁻ᵀ gx is added to gb (if given); L̄ = -b̄ xᵀ (lower triangle)
 * is added to GL (if given). `work` needs n entries.
 */
export function solveLowerAdj(
  L: Float64Array, x: Float64Array, gx: Float64Array, GL: Float64Array | null, gb: Float64Array | null, n: number, work: Float64Array,
): void {
  solveLowerTranspose(L, n, gx, work);
  if (gb) for (let i = 0; i < n; i++) gb[i]! += work[i]!;
  if (GL) {
    for (let i = 0; i < n; i++) {
      const w = work[i]!;
      if (w === 0) continue;
      for (let j = 0; j <= i; j++) GL[i * n + j]! -= w * x[j]!;
    }
  }
}

/** log det(L Lᵀ) = 2 Σ log L_ii. */
export function logDetChol(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]!);
  return 2 * s;
}

/** GL_ii += 2 g / L_ii. */
export function logDetCholAdj(L: Float64Array, g: number, GL: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) GL[i * n + i]! += (2 * g) / L[i * n + i]!;
}
