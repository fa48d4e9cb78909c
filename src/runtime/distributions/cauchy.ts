/** cauchy(location μ, scale σ): log p = -log π - log σ - log(1 + z²). No moments. */
import { LOG_PI } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 0, constraint: 'finite' },
  { name: 'sigma', label: 'Scale parameter', rank: 0, constraint: 'positive' },
];

export const cauchy: ScalarDistribution = {
  kind: 'scalar',
  name: 'cauchy',
  args,
  discrete: false,
  doc: { support: 'ℝ', constraints: 'mu finite, sigma > 0', density: '−log π − log σ − log(1+z²)' },
  support: () => ({ kind: 'real' }),
  checkArgs: (mu, sigma) => checkScalarArgs('cauchy', args, mu, sigma, 0),
  logDensity(x, mu, sigma) {
    if (!(sigma > 0 && sigma < Infinity) || !Number.isFinite(mu) || !Number.isFinite(x)) return -Infinity;
    const z = (x - mu) / sigma;
    return -LOG_PI - Math.log(sigma) - Math.log1p(z * z);
  },
  logDensityGrad(out, x, mu, sigma) {
    zeroGrad(out);
    const lp = cauchy.logDensity(x, mu, sigma, 0);
    if (lp === -Infinity) return lp;
    const d = x - mu;
    const q = sigma * sigma + d * d;
    out[0] = (-2 * d) / q;
    out[1] = (2 * d) / q;
    out[2] = (d * d - sigma * sigma) / (sigma * q);
    return lp;
  },
  // Ratio of normals would also do; the tangent form needs one uniform.
  sample(rng, mu, sigma) {
    cauchy.checkArgs(mu, sigma, 0);
    return mu + sigma * Math.tan(Math.PI * (rng.uniform() - 0.5));
  },
  mean: () => NaN,
  variance: () => NaN,
};
