/** bernoulli(probability p) on {0, 1}: log p(1) = log p, log p(0) = log(1 - p). */
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'theta', label: 'Probability parameter', rank: 0, constraint: 'probability' }];

export const bernoulli: ScalarDistribution = {
  kind: 'scalar',
  name: 'bernoulli',
  args,
  discrete: true,
  doc: { support: '{0, 1}', constraints: '0 ≤ theta ≤ 1', density: 'log θ or log(1−θ)' },
  support: () => ({ kind: 'integer', lower: 0, upper: 1 }),
  checkArgs: (p) => checkScalarArgs('bernoulli', args, p, 0, 0),
  logDensity(x, p) {
    if (!(p >= 0 && p <= 1)) return -Infinity;
    if (x === 1) return Math.log(p);
    if (x === 0) return Math.log1p(-p);
    return -Infinity;
  },
  logDensityGrad(out, x, p) {
    zeroGrad(out);
    const lp = bernoulli.logDensity(x, p, 0, 0);
    if (lp === -Infinity) return lp;
    out[1] = x === 1 ? 1 / p : -1 / (1 - p);
    return lp;
  },
  sample(rng, p) {
    bernoulli.checkArgs(p, 0, 0);
    return (rng.uniform() < p ? 1 : 0);
  },
  mean: (p) => p,
  variance: (p) => p * (1 - p),
};
