/**
 * Gaussian linear (sbibm task gaussian_linear): θ ∈ R¹⁰, θ ~ N(0, 0.1·I), x | θ ~ N(θ, 0.1·I)
 * (0.1 is the variance, so the scale is √0.1). Conjugate: the posterior is N(x/2, 0.05·I).
 *
 * Data: observation 1 of the benchmark (../shared/reference/sbibm/gaussian_linear/obs1), or, when
 * that file is absent, a data set simulated from the model with seed 1.
 *
 *   npx amortize run examples/gaussian-linear.ts
 */
import { model } from '../src/lang/dsl.js';
import { createRng } from '../src/runtime/rng.js';
import { sbibmObservation } from './reference-data.js';

export const gaussianLinear = model`
  param theta: vector[10] ~ normal(0, sqrt(0.1))
  data x: vector[10] ~ normal(theta, sqrt(0.1))
`;
export default gaussianLinear;

/** The first row of the benchmark's observation.csv (data_1..data_D), if the file is there. */
export async function data(): Promise<Record<string, unknown>> {
  const x = await sbibmObservation('gaussian_linear');
  return x ? { x } : gaussianLinear.compile().unflattenData(gaussianLinear.compile().simulate(1, createRng(1)).x);
}
