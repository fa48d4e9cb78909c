/**
 * Bayesian linear regression (posteriordb sblrc-blr): N = 100 observations, D = 5 predictors,
 * beta_d ~ normal(0, 10), sigma ~ half_normal(10), y ~ normal(X · beta, sigma).
 *
 * Data: ../shared/reference/posteriordb/sblrc.data.json relative to the project root, or the file
 * (or directory holding sblrc.data.json) named by AMORTIZE_DATA.
 *
 *   npx amortize run examples/blr.ts
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { model } from '../src/lang/dsl.js';

export const blr = model`
  input N: int
  input D: int
  input X: matrix[N, D]
  param beta: vector[D] ~ normal(0, 10)
  param sigma ~ half_normal(10)
  data y: vector[N] ~ normal(X * beta, sigma)
`;
export default blr;

async function dataFile(name: string): Promise<string> {
  const env = process.env.AMORTIZE_DATA;
  if (env) return (await stat(env)).isDirectory() ? `${env}/${name}` : env;
  return fileURLToPath(new URL(`../../shared/reference/posteriordb/${name}`, import.meta.url));
}

export async function data(): Promise<Record<string, unknown>> {
  const raw = JSON.parse(await readFile(await dataFile('sblrc.data.json'), 'utf8')) as Record<string, unknown>;
  return { N: raw.N, D: raw.D, X: raw.X, y: raw.y };
}
