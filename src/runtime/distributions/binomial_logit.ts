/** binomial_logit(N, alpha) on {0..N}: binomial with log-odds α; log p = log C(N, x) - x softplus(-α) - (N - x) softplus(α). */
import { lchoose, sigmoid, softplus } from '../special.js';
import { checkScalarArgs, isIntegerIn, zeroGrad } from './checks.js';
import { binomialVariate } from './variates.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'N', label: 'Population size parameter', rank: 0, constraint: 'nonnegative-int', int: true },
  { name: 'alpha', label: 'Probability parameter', rank: 0, constraint: 'finite' },
];

export const binomial_logit: ScalarDistribution = {
  kind: 'scalar',
  name: 'binomial_logit',
  args,
  discrete: true,
  doc: { support: '{0..N}', constraints: 'N a non-negative int, alpha finite (log odds)', density: 'log C(N,x) − x log(1+e^(−α)) − (N−x) log(1+e^α)' },
  support: (n) => ({ kind: 'integer', lower: 0, upper: n }),
  checkArgs: (n, alpha) => checkScalarArgs('binomial_logit', args, n, alpha, 0),
  logDensity(x, n, alpha) {
    if (!(n >= 0 && Number.isSafeInteger(n)) || !Number.isFinite(alpha) || !isIntegerIn(x, 0, n)) return -Infinity;
    return lchoose(n, x) - (x === 0 ? 0 : x * softplus(-alpha)) - (n - x === 0 ? 0 : (n - x) * softplus(alpha));
  },
  logDensityGrad(out, x, n, alpha) {
    zeroGrad(out);
    const lp = binomial_logit.logDensity(x, n, alpha, 0);
    if (lp === -Infinity) return lp;
    out[2] = x - n * sigmoid(alpha);
    return lp;
  },
  sample(rng, n, alpha) {
    binomial_logit.checkArgs(n, alpha, 0);
    return binomialVariate(rng, n, sigmoid(alpha));
  },
  mean: (n, alpha) => n * sigmoid(alpha),
  variance: (n, alpha) => n * sigmoid(alpha) * (1 - sigmoid(alpha)),
};
