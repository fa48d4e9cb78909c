/**
 * Smoothing accepted ABC draws with a Gaussian kernel density, as sbibm's REJ-ABC does before
 * drawing its 10,000 samples: in the param block's unconstrained space,
 *
 *   q(u) = (1/k) Σ_i N(u; u_i, h² Σ̂),
 *
 * with Σ̂ the accepted draws' covariance and h by leave-one-out cross-validation (the h of a
 * 30-point log grid from 0.05 to 2 × Silverman's (4 / (k (d + 2)))^{1/(d+4)} that maximises
 * Σ_i log q_{−i}(u_i); sbibm's 'cv'), or given. A draw picks an accepted point and adds noise.
 */
import type { Rng } from '../../runtime/rng.js';

/**
 * @param u (k, d) accepted draws
 * @returns (n, d) smoothed draws
 */
export function kdeResample(u: Float64Array, k: number, d: number, n: number, rng: Rng, bandwidth?: number): Float64Array {
  const { L, h } = kdeFit(u, k, d, bandwidth);
  const out = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    const i = rng.int(k);
    for (let j = 0; j < d; j++) z[j] = rng.normal();
    for (let a = 0; a < d; a++) {
      let e = 0;
      for (let b = 0; b <= a; b++) e += L[a * d + b]! * z[b]!;
      out[s * d + a] = u[i * d + a]! + h * e;
    }
  }
  return out;
}

/** Silverman's rule of thumb for the bandwidth factor. */
export function silvermanFactor(k: number, d: number): number {
  return Math.pow(4 / (k * (d + 2)), 1 / (d + 4));
}

/** Σ̂'s Cholesky factor and the bandwidth factor h (given, or by leave-one-out likelihood). */
export function kdeFit(u: Float64Array, k: number, d: number, bandwidth?: number): { L: Float64Array; h: number } {
  const mean = new Float64Array(d);
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) mean[j]! += u[i * d + j]! / k;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < k; i++) {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b]! += (u[i * d + a]! - mean[a]!) * (u[i * d + b]! - mean[b]!) / Math.max(1, k - 1);
  }
  const L = cholesky(cov, d);
  if (bandwidth !== undefined) return { L, h: bandwidth };
  // Squared Mahalanobis distances between accepted points under Σ̂ (solve L y = u_i − u_j).
  const m2 = new Float64Array(k * k);
  const y = new Float64Array(d);
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      for (let a = 0; a < d; a++) {
        let r = u[i * d + a]! - u[j * d + a]!;
        for (let b = 0; b < a; b++) r -= L[a * d + b]! * y[b]!;
        y[a] = L[a * d + a]! > 0 ? r / L[a * d + a]! : 0;
      }
      let s2 = 0;
      for (let a = 0; a < d; a++) s2 += y[a]! * y[a]!;
      m2[i * k + j] = m2[j * k + i] = s2;
    }
  }
  const base = silvermanFactor(k, d);
  let best = { h: base, score: -Infinity };
  for (let g = 0; g < 30; g++) {
    const h = base * 0.05 * Math.pow(40, g / 29);
    let score = 0;
    for (let i = 0; i < k; i++) {
      let peak = -Infinity;
      for (let j = 0; j < k; j++) if (j !== i) peak = Math.max(peak, -0.5 * m2[i * k + j]! / (h * h));
      let s = 0;
      for (let j = 0; j < k; j++) if (j !== i) s += Math.exp(-0.5 * m2[i * k + j]! / (h * h) - peak);
      score += peak + Math.log(s) - d * Math.log(h);
    }
    if (score > best.score) best = { h, score };
  }
  return { L, h: best.h };
}

/** Lower Cholesky factor of a d × d covariance, with jitter for a (near-)singular one. */
function cholesky(a: Float64Array, d: number): Float64Array {
  let trace = 0;
  for (let j = 0; j < d; j++) trace += a[j * d + j]!;
  const jitter = 1e-10 * Math.max(trace / d, 1e-300);
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]! + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = i === j ? Math.sqrt(Math.max(s, 0)) : (L[j * d + j]! > 0 ? s / L[j * d + j]! : 0);
    }
  }
  return L;
}
