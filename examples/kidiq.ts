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
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { model } from '../src/lang/dsl.js';

export const kidiq = model`
  input N: int
  input mom_iq: vector[N]
  param beta: vector[2] ~ normal(0, 1000)
  param sigma ~ half_cauchy(2.5)
  data kid_score: vector[N] ~ normal(beta[1] + beta[2] * mom_iq, sigma)
`;
export default kidiq;

async function dataFile(name: string): Promise<string> {
  const env = process.env.AMORTIZE_DATA;
  if (env) return (await stat(env)).isDirectory() ? `${env}/${name}` : env;
  return fileURLToPath(new URL(`../../shared/reference/posteriordb/${name}`, import.meta.url));
}

/** Only the fields the model declares (the file also holds mom_hs and prediction inputs). */
export async function data(): Promise<Record<string, unknown>> {
  const raw = JSON.parse(await readFile(await dataFile('kidiq.data.json'), 'utf8')) as Record<string, unknown>;
  return { N: raw.N, mom_iq: raw.mom_iq, kid_score: raw.kid_score };
}

/** posteriordb reference posterior means. */
export const reference = { 'beta[1]': 26.0, 'beta[2]': 0.61, sigma: 18.3 };
