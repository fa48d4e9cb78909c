/**
 * Euclidean metrics for HMC (Betancourt 2017, §4.2): kinetic energy τ(p) = ½ pᵀ M⁻¹ p,
 * momentum p ~ N(0, M). We store the inverse metric M⁻¹ (≈ posterior covariance after
 * adaptation), as Stan does.
 *
 * - DiagMetric: M⁻¹ = diag(v).
 * - DenseMetric: M⁻¹ = Σ with Cholesky Σ = L Lᵀ; p = L⁻ᵀ z gives Cov(p) = Σ⁻¹ = M.
 */
import type { Rng } from '../../runtime/rng.js';

export interface Metric {
  readonly kind: 'diag' | 'dense';
  readonly dim: number;
  /** p ~ N(0, M). */
  sampleMomentum(rng: Rng, p: Float64Array): void;
  /** out = M⁻¹ p (the velocity dq/dt, "p♯" in Stan). */
  velocity(p: Float64Array, out: Float64Array): void;
  /** ½ pᵀ M⁻¹ p. */
  kinetic(p: Float64Array): number;
  /** M⁻¹ as plain data (diag: d values; dense: d×d row-major). */
  inverse(): Float64Array;
}

export class DiagMetric implements Metric {
  readonly kind = 'diag' as const;
  readonly dim: number;
  private readonly invM: Float64Array;
  private readonly sqrtM: Float64Array;
  constructor(invMetric: Float64Array) {
    this.dim = invMetric.length;
    this.invM = Float64Array.from(invMetric);
    this.sqrtM = invMetric.map((v) => 1 / Math.sqrt(v));
  }
  static unit(dim: number): DiagMetric {
    return new DiagMetric(new Float64Array(dim).fill(1));
  }
  sampleMomentum(rng: Rng, p: Float64Array): void {
    for (let i = 0; i < this.dim; i++) p[i] = rng.normal() * this.sqrtM[i]!;
  }
  velocity(p: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.dim; i++) out[i] = this.invM[i]! * p[i]!;
  }
  kinetic(p: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += this.invM[i]! * p[i]! * p[i]!;
    return 0.5 * s;
  }
  inverse(): Float64Array {
    return Float64Array.from(this.invM);
  }
}

export class DenseMetric implements Metric {
  readonly kind = 'dense' as const;
  readonly dim: number;
  private readonly invM: Float64Array;
  private readonly L: Float64Array; // lower Cholesky factor of M⁻¹
  private readonly z: Float64Array;
  constructor(invMetric: Float64Array, dim: number) {
    this.dim = dim;
    this.invM = Float64Array.from(invMetric);
    this.L = cholesky(this.invM, dim);
    this.z = new Float64Array(dim);
  }
  static unit(dim: number): DenseMetric {
    const m = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) m[i * dim + i] = 1;
    return new DenseMetric(m, dim);
  }
  sampleMomentum(rng: Rng, p: Float64Array): void {
    const d = this.dim;
    for (let i = 0; i < d; i++) this.z[i] = rng.normal();
    // Back substitution Lᵀ p = z.
    for (let i = d - 1; i >= 0; i--) {
      let s = this.z[i]!;
      for (let k = i + 1; k < d; k++) s -= this.L[k * d + i]! * p[k]!;
      p[i] = s / this.L[i * d + i]!;
    }
  }
  velocity(p: Float64Array, out: Float64Array): void {
    const d = this.dim;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += this.invM[i * d + k]! * p[k]!;
      out[i] = s;
    }
  }
  kinetic(p: Float64Array): number {
    const d = this.dim;
    let s = 0;
    for (let i = 0; i < d; i++) {
      let r = 0;
      for (let k = 0; k < d; k++) r += this.invM[i * d + k]! * p[k]!;
      s += p[i]! * r;
    }
    return 0.5 * s;
  }
  inverse(): Float64Array {
    return Float64Array.from(this.invM);
  }
}

/** Lower Cholesky factor of a symmetric positive-definite d×d matrix (row-major). */
export function cholesky(a: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error(`metric is not positive definite (pivot ${i}: ${s})`);
        L[i * d + i] = Math.sqrt(s);
      } else {
        L[i * d + j] = s / L[j * d + j]!;
      }
    }
  }
  return L;
}
