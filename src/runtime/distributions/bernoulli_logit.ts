/** bernoulli_logit(alpha) on {0, 1}: P(1) = logistic(α); log p = -softplus(-α) or -softplus(α), stable for any α. */
import { sigmoid, softplus } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'alpha', label: 'Logit transformed probability parameter', rank: 0, constraint: 'finite' }];

export const bernoulli_logit: ScalarDistribution = {
  kind: 'scalar',
  name: 'bernoulli_logit',
  args,
  discrete: true,
  doc: { support: '{0, 1}', constraints: 'alpha finite (log odds)', density: '−log(1 + e^(−α)) or −log(1 + e^α)' },
  support: () => ({ kind: 'integer', lower: 0, upper: 1 }),
  checkArgs: (alpha) => checkScalarArgs('bernoulli_logit', args, alpha, 0, 0),
  logDensity(x, alpha) {
    if (!Number.isFinite(alpha)) return -Infinity;
    if (x === 1) return -softplus(-alpha);
    if (x === 0) return -softplus(alpha);
    return -Infinity;
  },
  logDensityGrad(out, x, alpha) {
    zeroGrad(out);
    const lp = bernoulli_logit.logDensity(x, alpha, 0, 0);
    if (lp === -Infinity) return lp;
    out[1] = x - sigmoid(alpha);
    return lp;
  },
  sample(rng, alpha) {
    bernoulli_logit.checkArgs(alpha, 0, 0);
    return rng.uniform() < sigmoid(alpha) ? 1 : 0;
  },
  mean: (alpha) => sigmoid(alpha),
  variance: (alpha) => sigmoid(alpha) * (1 - sigmoid(alpha)),
};
