/**
 * multi_normal_prec(mu, Omega) on R^K with precision Ω = Σ⁻¹ = L Lᵀ (Cholesky of Ω):
 * log p = -K/2 log 2π + Σ log L_ii - ½ |Lᵀ r|², r = x - μ.
 *
 * Gradients (v = Ω r = L Lᵀ r): ∂/∂x = -v, ∂/∂μ = v, ∂/∂Ω = ½ (Ω⁻¹ - r rᵀ), the symmetric
 * convention multi_normal uses. Only Ω's lower triangle is read; a non-positive-definite Ω gives
 * -Infinity (checkArgs names it).
 */
import { cholesky, choleskyInverse } from '../linalg/cholesky.js';
import { solveLowerTranspose } from '../linalg/triangular.js';
import { HALF_LOG_2PI } from '../special.js';
import { argError } from './checks.js';
import { scratch } from './scratch.js';
import type { ArgSpec, VectorDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 1, constraint: 'finite-vector', dims: ['K'] },
  { name: 'Omega', label: 'Precision matrix', rank: 2, constraint: 'covariance', dims: ['K', 'K'] },
];

/** Factor Ω into 'mvnp.L', r = x - μ into 'mvnp.r', y = Lᵀ r into 'mvnp.y'; NaN if Ω is not PD. */
function evaluate(x: Float64Array, mu: Float64Array, omega: Float64Array, k: number): number {
  const L = scratch('mvnp.L', k * k);
  const r = scratch('mvnp.r', k);
  const y = scratch('mvnp.y', k);
  if (mu.length !== k || omega.length !== k * k || !cholesky(omega, k, L)) return NaN;
  for (let i = 0; i < k; i++) r[i] = x[i]! - mu[i]!;
  let q = 0;
  let logDiag = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = j; i < k; i++) s += L[i * k + j]! * r[i]!;
    y[j] = s;
    q += s * s;
    logDiag += Math.log(L[j * k + j]!);
  }
  return -k * HALF_LOG_2PI + logDiag - 0.5 * q;
}

export const multi_normal_prec: VectorDistribution = {
  kind: 'vector',
  name: 'multi_normal_prec',
  args,
  discrete: false,
  value: { elem: 'real', dims: ['K'] },
  doc: { support: 'ℝᴷ', constraints: 'mu: vector[K] finite; Omega: matrix[K, K] symmetric positive definite precision (only its lower triangle is read)', density: '−K/2 log 2π + ½ log det Ω − ½ (x−μ)ᵀ Ω (x−μ)' },
  eventSize: (shapes) => shapes[0]![0]!,
  support: () => ({ kind: 'real' }),
  checkArgs(a, k) {
    const mu = a[0]!;
    const omega = a[1]!;
    if (mu.length !== k || !mu.every(Number.isFinite)) throw argError('multi_normal_prec', args[0]!, mu);
    let symmetric = omega.length === k * k;
    for (let i = 0; i < k && symmetric; i++) {
      for (let j = 0; j < i; j++) {
        const p = omega[i * k + j]!, q = omega[j * k + i]!;
        if (!(Math.abs(p - q) <= 1e-8 * Math.max(1, Math.abs(p), Math.abs(q)))) symmetric = false;
      }
    }
    if (!symmetric || !cholesky(omega, k, scratch('mvnp.L', k * k))) throw argError('multi_normal_prec', args[1]!, omega);
  },
  logDensity(x, a, k) {
    const lp = evaluate(x, a[0]!, a[1]!, k);
    return Number.isNaN(lp) ? -Infinity : lp;
  },
  logDensityGrad(x, a, k, gx, gargs) {
    const lp = evaluate(x, a[0]!, a[1]!, k);
    if (Number.isNaN(lp)) return -Infinity;
    const L = scratch('mvnp.L', k * k);
    const r = scratch('mvnp.r', k);
    const y = scratch('mvnp.y', k);
    const inv = scratch('mvnp.inv', k * k);
    choleskyInverse(L, k, inv, scratch('mvnp.work', k));
    const gmu = gargs[0]!;
    const go = gargs[1]!;
    for (let i = 0; i < k; i++) {
      let v = 0; // (L y)_i = (Ω r)_i
      for (let j = 0; j <= i; j++) v += L[i * k + j]! * y[j]!;
      gx[i]! -= v;
      gmu[i]! += v;
      for (let j = 0; j < k; j++) go[i * k + j]! += 0.5 * (inv[i * k + j]! - r[i]! * r[j]!);
    }
    return lp;
  },
  sample(rng, a, k, out) {
    multi_normal_prec.checkArgs(a, k);
    const mu = a[0]!;
    const L = scratch('mvnp.sampleL', k * k);
    cholesky(a[1]!, k, L);
    const z = scratch('mvnp.sampleZ', k);
    for (let i = 0; i < k; i++) z[i] = rng.normal();
    solveLowerTranspose(L, k, z, out); // Lᵀ⁻¹ z has covariance (L Lᵀ)⁻¹ = Ω⁻¹
    for (let i = 0; i < k; i++) out[i] = out[i]! + mu[i]!;
  },
};
