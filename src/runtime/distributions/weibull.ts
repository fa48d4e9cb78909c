/** weibull(alpha, sigma) on [0, ∞): log p = log α - log σ + (α - 1) log(x/σ) - (x/σ)^α; F(x) = 1 - exp(-(x/σ)^α). */
import { lgamma, log1mExp } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'alpha', label: 'Shape parameter', rank: 0, constraint: 'positive' },
  { name: 'sigma', label: 'Scale parameter', rank: 0, constraint: 'positive' },
];

const validArgs = (alpha: number, sigma: number): boolean => alpha > 0 && alpha < Infinity && sigma > 0 && sigma < Infinity;

export const weibull: ScalarDistribution = {
  kind: 'scalar',
  name: 'weibull',
  args,
  discrete: false,
  doc: { support: '(0, ∞)', constraints: 'alpha > 0, sigma > 0', density: 'log α − log σ + (α−1) log(x/σ) − (x/σ)^α' },
  support: () => ({ kind: 'positive' }),
  checkArgs: (alpha, sigma) => checkScalarArgs('weibull', args, alpha, sigma, 0),
  logDensity(x, alpha, sigma) {
    if (!validArgs(alpha, sigma) || !(x >= 0 && x < Infinity)) return -Infinity;
    const lz = Math.log(x / sigma);
    const lp = Math.log(alpha) - Math.log(sigma) + (alpha === 1 ? 0 : (alpha - 1) * lz) - Math.pow(x / sigma, alpha);
    return Number.isNaN(lp) ? -Infinity : lp;
  },
  logDensityGrad(out, x, alpha, sigma) {
    zeroGrad(out);
    const lp = weibull.logDensity(x, alpha, sigma, 0);
    if (lp === -Infinity || !(x > 0)) return lp;
    const lz = Math.log(x / sigma);
    const za = Math.pow(x / sigma, alpha);
    out[0] = (alpha - 1 - alpha * za) / x;
    out[1] = 1 / alpha + lz - za * lz;
    out[2] = (alpha * za - alpha) / sigma;
    return lp;
  },
  lcdf: (x, alpha, sigma) => (validArgs(alpha, sigma) && x >= 0 ? log1mExp(-Math.pow(x / sigma, alpha)) : NaN),
  lccdf: (x, alpha, sigma) => (validArgs(alpha, sigma) && x >= 0 ? -Math.pow(x / sigma, alpha) : NaN),
  sample(rng, alpha, sigma) {
    weibull.checkArgs(alpha, sigma, 0);
    return sigma * Math.pow(-Math.log(rng.uniform()), 1 / alpha);
  },
  mean: (alpha, sigma) => sigma * Math.exp(lgamma(1 + 1 / alpha)),
  variance: (alpha, sigma) => sigma * sigma * (Math.exp(lgamma(1 + 2 / alpha)) - Math.exp(2 * lgamma(1 + 1 / alpha))),
};
