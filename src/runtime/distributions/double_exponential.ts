/** double_exponential(mu, sigma) (Laplace) on ℝ: log p = -log 2 - log σ - |x - μ|/σ. */
import { LOG_2 } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 0, constraint: 'finite' },
  { name: 'sigma', label: 'Scale parameter', rank: 0, constraint: 'positive' },
];

const valid = (x: number, mu: number, sigma: number): boolean => Number.isFinite(x) && Number.isFinite(mu) && sigma > 0 && sigma < Infinity;

export const double_exponential: ScalarDistribution = {
  kind: 'scalar',
  name: 'double_exponential',
  args,
  discrete: false,
  doc: { support: 'ℝ', constraints: 'mu finite, sigma > 0', density: '−log 2 − log σ − |x−μ|/σ' },
  support: () => ({ kind: 'real' }),
  checkArgs: (mu, sigma) => checkScalarArgs('double_exponential', args, mu, sigma, 0),
  logDensity(x, mu, sigma) {
    if (!valid(x, mu, sigma)) return -Infinity;
    return -LOG_2 - Math.log(sigma) - Math.abs(x - mu) / sigma;
  },
  logDensityGrad(out, x, mu, sigma) {
    zeroGrad(out);
    const lp = double_exponential.logDensity(x, mu, sigma, 0);
    if (lp === -Infinity) return lp;
    const d = x - mu;
    const s = Math.sign(d); // the kink at x = μ gets the subgradient 0, as in Stan
    out[0] = -s / sigma;
    out[1] = s / sigma;
    out[2] = -1 / sigma + Math.abs(d) / (sigma * sigma);
    return lp;
  },
  lcdf(x, mu, sigma) {
    if (!valid(x, mu, sigma)) return NaN;
    const z = (x - mu) / sigma;
    return z < 0 ? z - LOG_2 : Math.log1p(-0.5 * Math.exp(-z));
  },
  lccdf(x, mu, sigma) {
    if (!valid(x, mu, sigma)) return NaN;
    const z = (x - mu) / sigma;
    return z > 0 ? -z - LOG_2 : Math.log1p(-0.5 * Math.exp(z));
  },
  sample(rng, mu, sigma) {
    double_exponential.checkArgs(mu, sigma, 0);
    const e = -Math.log(rng.uniform());
    return rng.uniform() < 0.5 ? mu - sigma * e : mu + sigma * e;
  },
  mean: (mu) => mu,
  variance: (_mu, sigma) => 2 * sigma * sigma,
};
