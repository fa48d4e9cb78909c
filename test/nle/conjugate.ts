/**
 * Conjugate models shared by the NLE, NRE and ABC tests, with their exact posteriors.
 * - gauss2: θ ~ N(0, I₂), x | θ ~ N(θ, 0.5² I₂)  ⇒  θ | x ~ N(0.8 x, 0.2 I₂)   (precision 1 + 4 = 5)
 * - normal1: μ ~ N(0, 1), y₁..₅ | μ ~ N(μ, 1)    ⇒  μ | y ~ N(Σy / 6, 1/6)
 */
import { expect } from 'vitest';
import { model } from '../../src/lang/dsl.js';
import type { Posterior } from '../../src/backends/posterior.js';

export const gauss2 = model`
param theta: vector[2] ~ normal(0, 1)
data x: vector[2] ~ normal(theta, 0.5)
`;
export const gauss2Data = [[0.8, -1.2], [-0.3, 0.4], [1.5, 0.2]];
export const gauss2Exact = (x: number[]) => ({ mean: x.map((v) => 0.8 * v), sd: x.map(() => Math.sqrt(0.2)) });

export const normal1 = model`
param mu ~ normal(0, 1)
data y: vector[5] ~ normal(mu, 1)
`;
export const normal1Data = [[0.5, 1.2, -0.3, 0.9, 1.1], [-1.0, -0.2, -1.4, 0.1, -0.6]];
export const normal1Exact = (y: number[]) => ({ mean: [y.reduce((a, b) => a + b, 0) / 6], sd: [Math.sqrt(1 / 6)] });

const Z95 = 1.6448536269514722;

export interface Tolerance {
  /** |mean − exact mean| in units of the exact posterior sd. */
  mean: number;
  /** |sd / exact sd − 1|. */
  sd: number;
  /** |endpoint − exact endpoint| of the 90% interval, in exact posterior sd. */
  interval: number;
}

/** Mean, sd and the central 90% interval of every coordinate against the exact Gaussian posterior. */
export function expectMatches(post: Posterior, exact: { mean: number[]; sd: number[] }, tol: Tolerance): void {
  const mean = post.mean();
  const sd = post.sd();
  const [lo, hi] = post.interval(0.9);
  exact.mean.forEach((m, j) => {
    const s = exact.sd[j]!;
    expect(Math.abs(mean[j]! - m) / s, `mean[${j}] ${mean[j]} vs ${m}`).toBeLessThan(tol.mean);
    expect(Math.abs(sd[j]! / s - 1), `sd[${j}] ${sd[j]} vs ${s}`).toBeLessThan(tol.sd);
    expect(Math.abs(lo[j]! - (m - Z95 * s)) / s, `q5[${j}]`).toBeLessThan(tol.interval);
    expect(Math.abs(hi[j]! - (m + Z95 * s)) / s, `q95[${j}]`).toBeLessThan(tol.interval);
  });
}
