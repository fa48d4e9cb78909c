/** logistic(mu, sigma) on ℝ: z = (x - μ)/σ, log p = -z - log σ - 2 softplus(-z); F(x) = logistic(z). */
import { sigmoid, softplus } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 0, constraint: 'finite' },
  { name: 'sigma', label: 'Scale parameter', rank: 0, constraint: 'positive' },
];

const valid = (x: number, mu: number, sigma: number): boolean => Number.isFinite(x) && Number.isFinite(mu) && sigma > 0 && sigma < Infinity;

export const logistic: ScalarDistribution = {
  kind: 'scalar',
  name: 'logistic',
  args,
  discrete: false,
  doc: { support: 'ℝ', constraints: 'mu finite, sigma > 0', density: '−z − log σ − 2 log(1 + e^(−z)), z = (x−μ)/σ' },
  support: () => ({ kind: 'real' }),
  checkArgs: (mu, sigma) => checkScalarArgs('logistic', args, mu, sigma, 0),
  logDensity(x, mu, sigma) {
    if (!valid(x, mu, sigma)) return -Infinity;
    const z = (x - mu) / sigma;
    return -z - Math.log(sigma) - 2 * softplus(-z);
  },
  logDensityGrad(out, x, mu, sigma) {
    zeroGrad(out);
    const lp = logistic.logDensity(x, mu, sigma, 0);
    if (lp === -Infinity) return lp;
    const z = (x - mu) / sigma;
    const g = 1 - 2 * sigmoid(z); // d lp / dz
    out[0] = g / sigma;
    out[1] = -g / sigma;
    out[2] = (-g * z - 1) / sigma;
    return lp;
  },
  lcdf: (x, mu, sigma) => (valid(x, mu, sigma) ? -softplus(-(x - mu) / sigma) : NaN),
  lccdf: (x, mu, sigma) => (valid(x, mu, sigma) ? -softplus((x - mu) / sigma) : NaN),
  sample(rng, mu, sigma) {
    logistic.checkArgs(mu, sigma, 0);
    const u = rng.uniform();
    return mu + sigma * Math.log(u / (1 - u));
  },
  mean: (mu) => mu,
  variance: (_mu, sigma) => (sigma * sigma * Math.PI * Math.PI) / 3,
};
