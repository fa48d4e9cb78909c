/**
 * Bayesian linear regression (posteriordb sblrc-blr): N = 100 observations, D = 5 predictors,
 * beta_d ~ normal(0, 10), sigma ~ half_normal(10), y ~ normal(X · beta, sigma).
 *
 * Data: ../shared/reference/posteriordb/sblrc.data.json relative to the project root, or the file
 * (or directory holding sblrc.data.json) named by AMORTIZE_DATA.
 *
 *   npx amortize run examples/blr.ts
 */
import { model } from '../src/lang/dsl.js';
import { posteriordbData } from './reference-data.js';

export const blr = model`
  input N: int
  input D: int
  input X: matrix[N, D]
  param beta: vector[D] ~ normal(0, 10)
  param sigma ~ half_normal(10)
  data y: vector[N] ~ normal(X * beta, sigma)
`;
export default blr;

export async function data(): Promise<Record<string, unknown>> {
  const raw = await posteriordbData('sblrc.data.json');
  return { N: raw.N, D: raw.D, X: raw.X, y: raw.y };
}
