/**
 * multi_normal(location μ, covariance Σ) on R^k, via the Cholesky factor Σ = L Lᵀ:
 * log p = -k/2 log 2π - Σ log L_ii - ½ |z|², z = L⁻¹(x - μ).
 *
 * Gradients (w = Σ⁻¹(x - μ)): ∂/∂x = -w, ∂/∂μ = w, ∂/∂Σ = ½ (w wᵀ - Σ⁻¹). The Σ gradient is the
 * symmetric one (Stan's convention): for a symmetric perturbation dΣ, d log p = Σ_ij G_ij dΣ_ij.
 * Only Σ's lower triangle is read; a non-positive-definite Σ gives -Infinity.
 */
import { cholesky, choleskyInverse } from '../linalg/cholesky.js';
import { multiplyLower, solveLower, solveLowerTranspose } from '../linalg/triangular.js';
import { HALF_LOG_2PI } from '../special.js';
import { argError } from './checks.js';
import { scratch } from './scratch.js';
import type { ArgSpec, VectorDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 1, constraint: 'finite-vector', dims: ['K'] },
  { name: 'Sigma', label: 'Covariance matrix', rank: 2, constraint: 'covariance', dims: ['K', 'K'] },
];

function isSymmetric(s: Float64Array, k: number): boolean {
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const a = s[i * k + j]!;
      const b = s[j * k + i]!;
      if (!(Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a), Math.abs(b)))) return false;
    }
  }
  return true;
}

/** Factor Σ into the scratch buffer 'mvn.L' and whiten x - μ into 'mvn.z'; NaN if not PD. */
function whiten(x: Float64Array, mu: Float64Array, sigma: Float64Array, k: number): number {
  const L = scratch('mvn.L', k * k);
  const z = scratch('mvn.z', k);
  if (mu.length !== k || sigma.length !== k * k || !cholesky(sigma, k, L)) return NaN;
  for (let i = 0; i < k; i++) z[i] = x[i]! - mu[i]!;
  solveLower(L, k, z, z);
  let q = 0;
  let logDiag = 0;
  for (let i = 0; i < k; i++) {
    q += z[i]! * z[i]!;
    logDiag += Math.log(L[i * k + i]!);
  }
  return -k * HALF_LOG_2PI - logDiag - 0.5 * q;
}

export const multi_normal: VectorDistribution = {
  kind: 'vector',
  name: 'multi_normal',
  args,
  discrete: false,
  value: { elem: 'real', dims: ['K'] },
  doc: { support: 'ℝᴷ', constraints: 'mu: vector[K] finite; Sigma: matrix[K, K] symmetric positive definite (only its lower triangle is read)', density: 'via the Cholesky factor of Σ' },
  eventSize: (shapes) => shapes[0]![0]!,
  support: () => ({ kind: 'real' }),
  checkArgs(a, k) {
    const mu = a[0]!;
    const sigma = a[1]!;
    if (mu.length !== k || !mu.every(Number.isFinite)) throw argError('multi_normal', args[0]!, mu);
    const L = scratch('mvn.L', k * k);
    if (sigma.length !== k * k || !isSymmetric(sigma, k) || !cholesky(sigma, k, L)) {
      throw argError('multi_normal', args[1]!, sigma);
    }
  },
  logDensity(x, a, k) {
    const lp = whiten(x, a[0]!, a[1]!, k);
    return Number.isNaN(lp) ? -Infinity : lp;
  },
  logDensityGrad(x, a, k, gx, gargs) {
    const lp = whiten(x, a[0]!, a[1]!, k);
    if (Number.isNaN(lp)) return -Infinity;
    const L = scratch('mvn.L', k * k);
    const w = scratch('mvn.z', k);
    solveLowerTranspose(L, k, w, w); // w = Σ⁻¹ (x - μ)
    const inv = scratch('mvn.inv', k * k);
    choleskyInverse(L, k, inv, scratch('mvn.work', k));
    const gmu = gargs[0]!;
    const gs = gargs[1]!;
    for (let i = 0; i < k; i++) {
      gx[i]! -= w[i]!;
      gmu[i]! += w[i]!;
      for (let j = 0; j < k; j++) gs[i * k + j]! += 0.5 * (w[i]! * w[j]! - inv[i * k + j]!);
    }
    return lp;
  },
  sample(rng, a, k, out) {
    const mu = a[0]!;
    const L = scratch('mvn.sampleL', k * k);
    if (!cholesky(a[1]!, k, L)) throw argError('multi_normal', args[1]!, a[1]);
    const z = scratch('mvn.sampleZ', k);
    for (let i = 0; i < k; i++) z[i] = rng.normal();
    multiplyLower(L, k, z, out);
    for (let i = 0; i < k; i++) out[i] = out[i]! + mu[i]!;
  },
};
