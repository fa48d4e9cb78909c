/** half_normal(scale σ) on [0, ∞): log p = log 2 - ½ log 2π - log σ - ½ (x/σ)². */
import { HALF_LOG_2PI, LOG_2 } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'sigma', label: 'Scale parameter', rank: 0, constraint: 'positive' }];

export const half_normal: ScalarDistribution = {
  kind: 'scalar',
  name: 'half_normal',
  args,
  discrete: false,
  doc: { support: '(0, ∞)', constraints: 'sigma > 0', density: 'log 2 + normal(0, σ)' },
  support: () => ({ kind: 'positive' }),
  checkArgs: (sigma) => checkScalarArgs('half_normal', args, sigma, 0, 0),
  logDensity(x, sigma) {
    if (!(sigma > 0 && sigma < Infinity)) return -Infinity;
    if (!(x >= 0 && x < Infinity)) return -Infinity;
    const z = x / sigma;
    return LOG_2 - HALF_LOG_2PI - Math.log(sigma) - 0.5 * z * z;
  },
  logDensityGrad(out, x, sigma) {
    zeroGrad(out);
    const lp = half_normal.logDensity(x, sigma, 0, 0);
    if (lp === -Infinity) return lp;
    const z = x / sigma;
    out[0] = -z / sigma;
    out[1] = (z * z - 1) / sigma;
    return lp;
  },
  sample(rng, sigma) {
    half_normal.checkArgs(sigma, 0, 0);
    return Math.abs(sigma * rng.normal());
  },
  mean: (sigma) => sigma * Math.sqrt(2 / Math.PI),
  variance: (sigma) => sigma * sigma * (1 - 2 / Math.PI),
};
