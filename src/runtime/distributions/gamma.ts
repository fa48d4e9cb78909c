/**
 * gamma(shape α, rate β) on (0, ∞): log p = α log β - lgamma(α) + (α - 1) log x - βx.
 * x = 0 is treated as outside the support (a null set; the density there is 0, β or ∞).
 */
import { digamma, lgamma } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'alpha', label: 'Shape parameter', rank: 0, constraint: 'positive' },
  { name: 'beta', label: 'Inverse scale parameter', rank: 0, constraint: 'positive' },
];

export const gamma: ScalarDistribution = {
  kind: 'scalar',
  name: 'gamma',
  args,
  discrete: false,
  doc: { support: '(0, ∞)', constraints: 'alpha > 0, beta > 0 (a rate)', density: 'α log β − lgamma α + (α−1) log x − βx' },
  support: () => ({ kind: 'positive' }),
  checkArgs: (shape, rate) => checkScalarArgs('gamma', args, shape, rate, 0),
  logDensity(x, shape, rate) {
    if (!(shape > 0 && shape < Infinity) || !(rate > 0 && rate < Infinity)) return -Infinity;
    if (!(x > 0 && x < Infinity)) return -Infinity;
    return shape * Math.log(rate) - lgamma(shape) + (shape - 1) * Math.log(x) - rate * x;
  },
  logDensityGrad(out, x, shape, rate) {
    zeroGrad(out);
    const lp = gamma.logDensity(x, shape, rate, 0);
    if (lp === -Infinity) return lp;
    out[0] = (shape - 1) / x - rate;
    out[1] = Math.log(rate) - digamma(shape) + Math.log(x);
    out[2] = shape / rate - x;
    return lp;
  },
  sample(rng, shape, rate) {
    gamma.checkArgs(shape, rate, 0);
    return rng.gamma(shape) / rate;
  },
  mean: (shape, rate) => shape / rate,
  variance: (shape, rate) => shape / (rate * rate),
};
