/**
 * SLCP, "simple likelihood, complex posterior" (sbibm task slcp): θ ~ U(-3, 3)⁵; four i.i.d.
 * bivariate normal draws with mean (θ1, θ2), sds s1 = θ3², s2 = θ4², correlation ρ = tanh(θ5).
 *
 * The language has no 2 × 2 covariance constructor, so each bivariate normal is written as its
 * exact factorisation into scalar normals: x1 ~ N(m1, s1), x2 | x1 ~ N(m2 + ρ s2/s1 (x1 − m1),
 * s2 √(1 − ρ²)). Same density, same simulator. The four draws' first coordinates are `xa`, their
 * second `xb` (sbibm interleaves them: data_1 = xa[1], data_2 = xb[1], data_3 = xa[2], ...).
 *
 * Data: observation 1 of the benchmark, or a simulated data set (seed 1) when it is absent.
 *
 *   npx amortize run examples/slcp.ts
 */
import { model } from '../src/lang/dsl.js';
import { createRng } from '../src/runtime/rng.js';
import { sbibmObservation } from './reference-data.js';

export const slcp = model`
  param theta: vector[5] ~ uniform(-3, 3)
  let s1 = square(theta[3])
  let s2 = square(theta[4])
  let rho = tanh(theta[5])
  data xa: vector[4] ~ normal(theta[1], s1)
  data xb: vector[4] ~ normal(theta[2] + rho * s2 / s1 * (xa - theta[1]), s2 * sqrt(1 - square(rho)))
`;
export default slcp;

export async function data(): Promise<Record<string, unknown>> {
  const x = await sbibmObservation('slcp');
  if (!x) return slcp.compile().unflattenData(slcp.compile().simulate(1, createRng(1)).x);
  return { xa: [x[0], x[2], x[4], x[6]], xb: [x[1], x[3], x[5], x[7]] };
}

/** sbibm's true parameters for observation 1. */
export const reference = { 'theta[1]': -2.8581212, 'theta[2]': -0.44451332, 'theta[3]': 2.9473476, 'theta[4]': 1.2396116, 'theta[5]': 2.9712725 };
