/** neg_binomial_2_log(eta, phi): neg_binomial_2 with log mean η (μ = e^η); ∂/∂η = μ ∂/∂μ. */
import { checkScalarArgs, zeroGrad } from './checks.js';
import { nb2Grad, nb2LogDensity, nb2Sample } from './neg_binomial_2.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'eta', label: 'Log location parameter', rank: 0, constraint: 'finite' },
  { name: 'phi', label: 'Precision parameter', rank: 0, constraint: 'positive' },
];

export const neg_binomial_2_log: ScalarDistribution = {
  kind: 'scalar',
  name: 'neg_binomial_2_log',
  args,
  discrete: true,
  doc: { support: '{0, 1, …}', constraints: 'eta finite (log mean), phi > 0', density: 'neg_binomial_2(x | e^η, φ)' },
  support: () => ({ kind: 'integer', lower: 0, upper: Infinity }),
  checkArgs: (eta, phi) => checkScalarArgs('neg_binomial_2_log', args, eta, phi, 0),
  logDensity: (x, eta, phi) => (Number.isFinite(eta) ? nb2LogDensity(x, Math.exp(eta), eta, phi) : -Infinity),
  logDensityGrad(out, x, eta, phi) {
    zeroGrad(out);
    const lp = neg_binomial_2_log.logDensity(x, eta, phi, 0);
    if (lp === -Infinity) return lp;
    const mu = Math.exp(eta);
    nb2Grad(out, x, mu, phi);
    out[1] = out[1]! * mu;
    return lp;
  },
  sample(rng, eta, phi) {
    neg_binomial_2_log.checkArgs(eta, phi, 0);
    return nb2Sample(rng, Math.exp(eta), phi);
  },
  mean: (eta) => Math.exp(eta),
  variance: (eta, phi) => Math.exp(eta) + Math.exp(2 * eta) / phi,
};
