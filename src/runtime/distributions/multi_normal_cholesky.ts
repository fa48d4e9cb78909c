/**
 * multi_normal_cholesky(location μ, Cholesky factor L) on R^k, Σ = L Lᵀ:
 * log p = -k/2 log 2π - Σ log L_ii - ½ |z|², z = L⁻¹(x - μ).
 *
 * With w = L⁻ᵀ z: ∂/∂x = -w, ∂/∂μ = w, ∂/∂L_ij = w_i z_j - [i = j]/L_ii for i ≥ j and 0 above the
 * diagonal (only the lower triangle is read, so the upper entries do not influence the density).
 */
import { multiplyLower, solveLower, solveLowerTranspose } from '../linalg/triangular.js';
import { HALF_LOG_2PI } from '../special.js';
import { argError } from './checks.js';
import { scratch } from './scratch.js';
import type { ArgSpec, VectorDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 1, constraint: 'finite-vector', dims: ['K'] },
  { name: 'L', label: 'Cholesky factor of covariance matrix', rank: 2, constraint: 'cholesky-factor', dims: ['K', 'K'] },
];

function validFactor(L: Float64Array, k: number): boolean {
  if (L.length !== k * k) return false;
  for (let i = 0; i < k; i++) {
    if (!(L[i * k + i]! > 0 && L[i * k + i]! < Infinity)) return false;
    for (let j = 0; j < i; j++) if (!Number.isFinite(L[i * k + j]!)) return false;
  }
  return true;
}

export const multi_normal_cholesky: VectorDistribution = {
  kind: 'vector',
  name: 'multi_normal_cholesky',
  args,
  discrete: false,
  value: { elem: 'real', dims: ['K'] },
  doc: { support: 'ℝᴷ', constraints: 'mu: vector[K] finite; L: matrix[K, K] lower triangular with a positive diagonal', density: '−K/2 log 2π − Σ log Lᵢᵢ − ½‖L⁻¹(x−μ)‖²' },
  eventSize: (shapes) => shapes[0]![0]!,
  support: () => ({ kind: 'real' }),
  checkArgs(a, k) {
    const mu = a[0]!;
    const L = a[1]!;
    if (mu.length !== k || !mu.every(Number.isFinite)) throw argError('multi_normal_cholesky', args[0]!, mu);
    let upperZero = L.length === k * k;
    for (let i = 0; i < k && upperZero; i++) for (let j = i + 1; j < k; j++) if (L[i * k + j] !== 0) upperZero = false;
    if (!upperZero || !validFactor(L, k)) throw argError('multi_normal_cholesky', args[1]!, L);
  },
  logDensity(x, a, k) {
    const mu = a[0]!;
    const L = a[1]!;
    if (mu.length !== k || !validFactor(L, k)) return -Infinity;
    const z = scratch('mvnc.z', k);
    for (let i = 0; i < k; i++) z[i] = x[i]! - mu[i]!;
    solveLower(L, k, z, z);
    let q = 0;
    let logDiag = 0;
    for (let i = 0; i < k; i++) {
      q += z[i]! * z[i]!;
      logDiag += Math.log(L[i * k + i]!);
    }
    const lp = -k * HALF_LOG_2PI - logDiag - 0.5 * q;
    return Number.isNaN(lp) ? -Infinity : lp;
  },
  logDensityGrad(x, a, k, gx, gargs) {
    const lp = multi_normal_cholesky.logDensity(x, a, k);
    if (lp === -Infinity) return lp;
    const L = a[1]!;
    const z = scratch('mvnc.z', k); // still holds L⁻¹(x - μ) from logDensity
    const w = scratch('mvnc.w', k);
    solveLowerTranspose(L, k, z, w);
    const gmu = gargs[0]!;
    const gL = gargs[1]!;
    for (let i = 0; i < k; i++) {
      gx[i]! -= w[i]!;
      gmu[i]! += w[i]!;
      for (let j = 0; j < i; j++) gL[i * k + j]! += w[i]! * z[j]!;
      gL[i * k + i]! += w[i]! * z[i]! - 1 / L[i * k + i]!;
    }
    return lp;
  },
  sample(rng, a, k, out) {
    multi_normal_cholesky.checkArgs(a, k);
    const mu = a[0]!;
    const z = scratch('mvnc.sampleZ', k);
    for (let i = 0; i < k; i++) z[i] = rng.normal();
    multiplyLower(a[1]!, k, z, out);
    for (let i = 0; i < k; i++) out[i] = out[i]! + mu[i]!;
  },
};
