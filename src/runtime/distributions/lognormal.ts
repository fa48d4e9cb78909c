/** lognormal(location μ, scale σ) on (0, ∞): log p = -log x - ½ log 2π - log σ - ½ ((log x - μ)/σ)². */
import { HALF_LOG_2PI } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 0, constraint: 'finite' },
  { name: 'sigma', label: 'Scale parameter', rank: 0, constraint: 'positive' },
];

export const lognormal: ScalarDistribution = {
  kind: 'scalar',
  name: 'lognormal',
  args,
  discrete: false,
  doc: { support: '(0, ∞)', constraints: 'mu finite, sigma > 0', density: 'normal of log x, minus log x' },
  support: () => ({ kind: 'positive' }),
  checkArgs: (mu, sigma) => checkScalarArgs('lognormal', args, mu, sigma, 0),
  logDensity(x, mu, sigma) {
    if (!(sigma > 0 && sigma < Infinity) || !Number.isFinite(mu)) return -Infinity;
    if (!(x > 0 && x < Infinity)) return -Infinity;
    const lx = Math.log(x);
    const z = (lx - mu) / sigma;
    return -lx - HALF_LOG_2PI - Math.log(sigma) - 0.5 * z * z;
  },
  logDensityGrad(out, x, mu, sigma) {
    zeroGrad(out);
    const lp = lognormal.logDensity(x, mu, sigma, 0);
    if (lp === -Infinity) return lp;
    const z = (Math.log(x) - mu) / sigma;
    out[0] = -(1 + z / sigma) / x;
    out[1] = z / sigma;
    out[2] = (z * z - 1) / sigma;
    return lp;
  },
  sample(rng, mu, sigma) {
    lognormal.checkArgs(mu, sigma, 0);
    return Math.exp(mu + sigma * rng.normal());
  },
  mean: (mu, sigma) => Math.exp(mu + 0.5 * sigma * sigma),
  variance: (mu, sigma) => Math.expm1(sigma * sigma) * Math.exp(2 * mu + sigma * sigma),
};
