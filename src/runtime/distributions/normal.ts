/** normal(location μ, scale σ): log p = -½ log 2π - log σ - ½ z², z = (x - μ)/σ. */
import { HALF_LOG_2PI, normalLogCdf } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 0, constraint: 'finite' },
  { name: 'sigma', label: 'Scale parameter', rank: 0, constraint: 'positive' },
];

export const normal: ScalarDistribution = {
  kind: 'scalar',
  name: 'normal',
  args,
  discrete: false,
  doc: { support: 'ℝ', constraints: 'mu finite, sigma > 0', density: '−½log 2π − log σ − ½z², z = (x−μ)/σ' },
  support: () => ({ kind: 'real' }),
  checkArgs: (mu, sigma) => checkScalarArgs('normal', args, mu, sigma, 0),
  logDensity(x, mu, sigma) {
    if (!(sigma > 0) || !Number.isFinite(mu) || sigma === Infinity || Number.isNaN(x)) return -Infinity;
    if (!Number.isFinite(x)) return -Infinity;
    const z = (x - mu) / sigma;
    return -HALF_LOG_2PI - Math.log(sigma) - 0.5 * z * z;
  },
  logDensityGrad(out, x, mu, sigma) {
    zeroGrad(out);
    const lp = normal.logDensity(x, mu, sigma, 0);
    if (lp === -Infinity) return lp;
    const z = (x - mu) / sigma;
    out[0] = -z / sigma;
    out[1] = z / sigma;
    out[2] = (z * z - 1) / sigma;
    return lp;
  },
  lcdf: (x, mu, sigma) => (sigma > 0 && Number.isFinite(mu) ? normalLogCdf((x - mu) / sigma) : NaN),
  lccdf: (x, mu, sigma) => (sigma > 0 && Number.isFinite(mu) ? normalLogCdf((mu - x) / sigma) : NaN),
  sample(rng, mu, sigma) {
    normal.checkArgs(mu, sigma, 0);
    return mu + sigma * rng.normal();
  },
  mean: (mu) => mu,
  variance: (_mu, sigma) => sigma * sigma,
};
