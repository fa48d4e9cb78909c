/**
 * Conjugate models with exact posteriors, shared by the amortized backends' tests.
 *
 * normal-normal: μ ~ N(0, 1), y_i | μ ~ N(μ, 1) (i = 1..5)  ⇒  μ | y ~ N(Σy / 6, 1 / 6).
 * coin:          p ~ Beta(1, 1), heads | p ~ Binomial(n, p) ⇒  p | heads ~ Beta(1 + heads, 1 + n − heads).
 */
import { model } from '../../src/lang/dsl.js';
export { normalQuantile } from '../../src/runtime/special.js';

export const N_OBS = 5;

export const normalNormal = model`
  param mu ~ normal(0, 1)
  data y: vector[5] ~ normal(mu, 1)
`;

/** Exact posterior of μ given y. */
export function normalNormalPosterior(y: ArrayLike<number>): { mean: number; sd: number } {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]!;
  return { mean: s / (y.length + 1), sd: Math.sqrt(1 / (y.length + 1)) };
}

export const coin = model`
  input n: int
  param p ~ beta(1, 1)
  data heads: int ~ binomial(n, p)
`;

