/**
 * Two moons (sbibm task two_moons): a simulator-only model with a crescent-shaped, bimodal
 * posterior. θ ~ U(-1, 1)²; a ~ U(-π/2, π/2), r ~ N(0.1, 0.01²); p = (r cos a + 0.25, r sin a);
 * x = p + (-|θ1 + θ2|/√2, (-θ1 + θ2)/√2).
 *
 * x is a deterministic expression of latent noise, so the model has no likelihood: NUTS refuses
 * it (exit code 4), and simulation-based backends (npe, nle, nre, nbe) are the way to go.
 *
 * Data: observation 1 of the benchmark, or a simulated data set (seed 1) when it is absent.
 *
 *   npx amortize run examples/two-moons.ts --backend npe --simulations 10000
 */
import { model } from '../src/lang/dsl.js';
import { createRng } from '../src/runtime/rng.js';
import { sbibmObservation } from './reference-data.js';

export const twoMoons = model`
  param theta: vector[2] ~ uniform(-1, 1)
  latent a ~ uniform(-pi / 2, pi / 2)
  latent r ~ normal(0.1, 0.01)
  data x: vector[2] = [r * cos(a) + 0.25 - abs(theta[1] + theta[2]) / sqrt(2),
                       r * sin(a) + (-theta[1] + theta[2]) / sqrt(2)]
`;
export default twoMoons;

export async function data(): Promise<Record<string, unknown>> {
  const x = await sbibmObservation('two_moons');
  return x ? { x } : twoMoons.compile().unflattenData(twoMoons.compile().simulate(1, createRng(1)).x);
}

/** sbibm's true parameters for observation 1. */
export const reference = { 'theta[1]': -0.8176656, 'theta[2]': -0.5756806 };
