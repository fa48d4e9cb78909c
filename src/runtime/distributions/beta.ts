/** beta(α, β) on (0, 1): log p = -log B(α, β) + (α - 1) log x + (β - 1) log(1 - x). */
import { digamma, lbeta } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import { betaVariate } from './variates.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'alpha', label: 'First shape parameter', rank: 0, constraint: 'positive' },
  { name: 'beta', label: 'Second shape parameter', rank: 0, constraint: 'positive' },
];

export const beta: ScalarDistribution = {
  kind: 'scalar',
  name: 'beta',
  args,
  discrete: false,
  doc: { support: '(0, 1)', constraints: 'alpha > 0, beta > 0', density: '−log B(α, β) + (α−1) log x + (β−1) log(1−x)' },
  support: () => ({ kind: 'unit' }),
  checkArgs: (a, b) => checkScalarArgs('beta', args, a, b, 0),
  logDensity(x, a, b) {
    if (!(a > 0 && a < Infinity) || !(b > 0 && b < Infinity)) return -Infinity;
    if (!(x > 0 && x < 1)) return -Infinity;
    return -lbeta(a, b) + (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x);
  },
  logDensityGrad(out, x, a, b) {
    zeroGrad(out);
    const lp = beta.logDensity(x, a, b, 0);
    if (lp === -Infinity) return lp;
    const dab = digamma(a + b);
    out[0] = (a - 1) / x - (b - 1) / (1 - x);
    out[1] = dab - digamma(a) + Math.log(x);
    out[2] = dab - digamma(b) + Math.log1p(-x);
    return lp;
  },
  sample(rng, a, b) {
    beta.checkArgs(a, b, 0);
    // Log-space gammas: beta(0.01, 0.01) would otherwise give 0/0.
    return betaVariate(rng, a, b);
  },
  mean: (a, b) => a / (a + b),
  variance: (a, b) => (a * b) / ((a + b) * (a + b) * (a + b + 1)),
};
