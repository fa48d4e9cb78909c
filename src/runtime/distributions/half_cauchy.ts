/** half_cauchy(scale σ) on [0, ∞): log p = log 2 - log π - log σ - log(1 + (x/σ)²). No moments. */
import { LOG_2, LOG_PI } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'sigma', label: 'Scale parameter', rank: 0, constraint: 'positive' }];

export const half_cauchy: ScalarDistribution = {
  kind: 'scalar',
  name: 'half_cauchy',
  args,
  discrete: false,
  doc: { support: '(0, ∞)', constraints: 'sigma > 0', density: 'log 2 + cauchy(0, σ)' },
  support: () => ({ kind: 'positive' }),
  checkArgs: (sigma) => checkScalarArgs('half_cauchy', args, sigma, 0, 0),
  logDensity(x, sigma) {
    if (!(sigma > 0 && sigma < Infinity)) return -Infinity;
    if (!(x >= 0 && x < Infinity)) return -Infinity;
    const z = x / sigma;
    return LOG_2 - LOG_PI - Math.log(sigma) - Math.log1p(z * z);
  },
  logDensityGrad(out, x, sigma) {
    zeroGrad(out);
    const lp = half_cauchy.logDensity(x, sigma, 0, 0);
    if (lp === -Infinity) return lp;
    const q = sigma * sigma + x * x;
    out[0] = (-2 * x) / q;
    out[1] = (x * x - sigma * sigma) / (sigma * q);
    return lp;
  },
  sample(rng, sigma) {
    half_cauchy.checkArgs(sigma, 0, 0);
    return sigma * Math.tan(0.5 * Math.PI * rng.uniform());
  },
  mean: () => Infinity,
  variance: () => Infinity,
};
