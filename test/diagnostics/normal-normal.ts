/**
 * Conjugate normal–normal test problem with an exact posterior sampler and deliberately
 * mis-scaled ones. θ ~ N(0, I_dim), x_1..x_m | θ ~ N(θ, σ² I) i.i.d.; per coordinate the
 * posterior is N(Σx/σ² / (1 + m/σ²), 1/(1 + m/σ²)). `scale` multiplies the posterior sd:
 * 1 = exact, > 1 over-dispersed (too wide), < 1 under-dispersed (overconfident).
 */
import type { JointSimulator, PosteriorSampler } from '../../src/diagnostics/index.js';
import { createRng } from '../../src/runtime/rng.js';

export const M = 5;
export const SIGMA = 1;
const PRECISION = 1 + M / SIGMA ** 2;
export const POSTERIOR_SD = 1 / Math.sqrt(PRECISION);

/** x layout per simulation: (m, dim) row-major. */
export function simulator(dim: number): JointSimulator {
  return (n, seed) => {
    const rng = createRng(seed);
    const theta = new Float64Array(n * dim), x = new Float64Array(n * M * dim);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dim; j++) theta[i * dim + j] = rng.normal();
      for (let k = 0; k < M; k++) {
        for (let j = 0; j < dim; j++) x[(i * M + k) * dim + j] = theta[i * dim + j]! + SIGMA * rng.normal();
      }
    }
    return { theta, x };
  };
}

export function posteriorMean(x: Float64Array, dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let k = 0; k < M; k++) for (let j = 0; j < dim; j++) mean[j]! += x[k * dim + j]!;
  return mean.map((s) => s / SIGMA ** 2 / PRECISION);
}

export function sampler(dim: number, scale = 1): PosteriorSampler {
  return (x, nDraws, seed) => {
    const rng = createRng(seed);
    const mu = posteriorMean(x, dim);
    const draws = new Float64Array(nDraws * dim);
    for (let s = 0; s < nDraws; s++) {
      for (let j = 0; j < dim; j++) draws[s * dim + j] = mu[j]! + scale * POSTERIOR_SD * rng.normal();
    }
    return draws;
  };
}

/** log q(θ | x) up to a constant for the (possibly mis-scaled) Gaussian sampler. */
export function logDensity(theta: Float64Array, offset: number, mu: Float64Array, dim: number, scale = 1): number {
  let s = 0;
  for (let j = 0; j < dim; j++) s += ((theta[offset + j]! - mu[j]!) / (scale * POSTERIOR_SD)) ** 2;
  return -0.5 * s;
}
