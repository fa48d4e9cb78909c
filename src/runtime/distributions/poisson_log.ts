/** poisson_log(alpha) on {0, 1, ...}: Poisson with log rate α, log p = xα - e^α - lgamma(x + 1) (Stan's poisson_log). */
import { lgamma } from '../special.js';
import { checkScalarArgs, isIntegerIn, zeroGrad } from './checks.js';
import { poisson } from './poisson.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'alpha', label: 'Log rate parameter', rank: 0, constraint: 'finite' }];

export const poisson_log: ScalarDistribution = {
  kind: 'scalar',
  name: 'poisson_log',
  args,
  discrete: true,
  doc: { support: '{0, 1, …}', constraints: 'alpha finite (the log rate)', density: 'xα − e^α − lgamma(x+1)' },
  support: () => ({ kind: 'integer', lower: 0, upper: Infinity }),
  checkArgs: (alpha) => checkScalarArgs('poisson_log', args, alpha, 0, 0),
  logDensity(x, alpha) {
    if (!Number.isFinite(alpha) || !isIntegerIn(x, 0, Number.MAX_SAFE_INTEGER)) return -Infinity;
    return x * alpha - Math.exp(alpha) - lgamma(x + 1);
  },
  logDensityGrad(out, x, alpha) {
    zeroGrad(out);
    const lp = poisson_log.logDensity(x, alpha, 0, 0);
    if (lp === -Infinity) return lp;
    out[1] = x - Math.exp(alpha);
    return lp;
  },
  sample(rng, alpha) {
    poisson_log.checkArgs(alpha, 0, 0);
    return poisson.sample(rng, Math.exp(alpha), 0, 0);
  },
  mean: (alpha) => Math.exp(alpha),
  variance: (alpha) => Math.exp(alpha),
};
