/**
 * Dense matrix products and their adjoints (row-major Float64Arrays, no allocation).
 * Adjoint functions ADD into their outputs, as every reverse rule in generated code does.
 */

/** C = A B, A: r × k, B: k × m. */
export function matmul(A: Float64Array, B: Float64Array, C: Float64Array, r: number, k: number, m: number): void {
  C.fill(0, 0, r * m);
  for (let i = 0; i < r; i++) {
    const ci = i * m;
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p]!;
      if (a === 0) continue;
      const bp = p * m;
      for (let j = 0; j < m; j++) C[ci + j]! += a * B[bp + j]!;
    }
  }
}

/** GA += GC Bᵀ. */
export function matmulAdjA(GC: Float64Array, B: Float64Array, GA: Float64Array, r: number, k: number, m: number): void {
  for (let i = 0; i < r; i++) {
    for (let p = 0; p < k; p++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += GC[i * m + j]! * B[p * m + j]!;
      GA[i * k + p]! += s;
    }
  }
}

/** GB += Aᵀ GC. */
export function matmulAdjB(A: Float64Array, GC: Float64Array, GB: Float64Array, r: number, k: number, m: number): void {
  for (let i = 0; i < r; i++) {
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p]!;
      if (a === 0) continue;
      for (let j = 0; j < m; j++) GB[p * m + j]! += a * GC[i * m + j]!;
    }
  }
}

/** y = A x, A: r × k. */
export function matvec(A: Float64Array, x: Float64Array, y: Float64Array, r: number, k: number): void {
  for (let i = 0; i < r; i++) {
    let s = 0;
    const ai = i * k;
    for (let j = 0; j < k; j++) s += A[ai + j]! * x[j]!;
    y[i] = s;
  }
}

/** GA += gy xᵀ. */
export function matvecAdjA(gy: Float64Array, x: Float64Array, GA: Float64Array, r: number, k: number): void {
  for (let i = 0; i < r; i++) {
    const g = gy[i]!;
    if (g === 0) continue;
    for (let j = 0; j < k; j++) GA[i * k + j]! += g * x[j]!;
  }
}

/** gx += Aᵀ gy. */
export function matvecAdjX(A: Float64Array, gy: Float64Array, gx: Float64Array, r: number, k: number): void {
  for (let i = 0; i < r; i++) {
    const g = gy[i]!;
    if (g === 0) continue;
    for (let j = 0; j < k; j++) gx[j]! += A[i * k + j]! * g;
  }
}

/** B = Aᵀ, A: r × c. */
export function transpose(A: Float64Array, B: Float64Array, r: number, c: number): void {
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) B[j * r + i] = A[i * c + j]!;
}

/** GA += (GB)ᵀ where B = Aᵀ, A: r × c. */
export function transposeAdj(GB: Float64Array, GA: Float64Array, r: number, c: number): void {
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) GA[i * c + j]! += GB[j * r + i]!;
}
