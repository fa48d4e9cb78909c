/** exponential(rate λ) on [0, ∞): log p = log λ - λx. */
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'beta', label: 'Inverse scale parameter', rank: 0, constraint: 'positive' }];

export const exponential: ScalarDistribution = {
  kind: 'scalar',
  name: 'exponential',
  args,
  discrete: false,
  doc: { support: '(0, ∞)', constraints: 'beta > 0 (a rate)', density: 'log β − βx' },
  support: () => ({ kind: 'positive' }),
  checkArgs: (rate) => checkScalarArgs('exponential', args, rate, 0, 0),
  logDensity(x, rate) {
    if (!(rate > 0 && rate < Infinity)) return -Infinity;
    if (!(x >= 0 && x < Infinity)) return -Infinity;
    return Math.log(rate) - rate * x;
  },
  logDensityGrad(out, x, rate) {
    zeroGrad(out);
    const lp = exponential.logDensity(x, rate, 0, 0);
    if (lp === -Infinity) return lp;
    out[0] = -rate;
    out[1] = 1 / rate - x;
    return lp;
  },
  sample(rng, rate) {
    exponential.checkArgs(rate, 0, 0);
    return -Math.log(rng.uniform()) / rate;
  },
  mean: (rate) => 1 / rate,
  variance: (rate) => 1 / (rate * rate),
};
