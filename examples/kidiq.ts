/**
 * Kid IQ (Gelman & Hill 2007; posteriordb kidiq-kidscore_momiq): a child's test score regressed on
 * the mother's IQ, N = 434.
 *
 * The Stan model puts a flat (improper) prior on beta. A flat prior has no sampler, and amortize
 * models must be able to simulate (every backend but MCMC trains on simulations), so we use
 * normal(0, 1000): against a likelihood this informative it is flat to many digits, and the
 * posterior matches posteriordb's reference.
 *
 * Data: ../shared/reference/posteriordb/kidiq.data.json relative to the project root, or the file
 * (or directory holding kidiq.data.json) named by AMORTIZE_DATA.
 *
 *   npx amortize run examples/kidiq.ts
 */
import { model } from '../src/lang/dsl.js';
import { posteriordbData } from './reference-data.js';

export const kidiq = model`
  input N: int
  input mom_iq: vector[N]
  param beta: vector[2] ~ normal(0, 1000)
  param sigma ~ half_cauchy(2.5)
  data kid_score: vector[N] ~ normal(beta[1] + beta[2] * mom_iq, sigma)
`;
export default kidiq;

/** Only the fields the model declares (the file also holds mom_hs and prediction inputs). */
export async function data(): Promise<Record<string, unknown>> {
  const raw = await posteriordbData('kidiq.data.json');
  return { N: raw.N, mom_iq: raw.mom_iq, kid_score: raw.kid_score };
}

/** posteriordb reference posterior means. */
export const reference = { 'beta[1]': 26.0, 'beta[2]': 0.61, sigma: 18.3 };
