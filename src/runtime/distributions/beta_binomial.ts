/**
 * beta_binomial(N, alpha, beta) on {0..N}: binomial with θ ~ beta(α, β) integrated out;
 * log p = log C(N, x) + lbeta(x + α, N - x + β) - lbeta(α, β).
 */
import { digamma, lbeta, lchoose } from '../special.js';
import { checkScalarArgs, isIntegerIn, zeroGrad } from './checks.js';
import { betaVariate, binomialVariate } from './variates.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'N', label: 'Population size parameter', rank: 0, constraint: 'nonnegative-int', int: true },
  { name: 'alpha', label: 'First prior sample size parameter', rank: 0, constraint: 'positive' },
  { name: 'beta', label: 'Second prior sample size parameter', rank: 0, constraint: 'positive' },
];

export const beta_binomial: ScalarDistribution = {
  kind: 'scalar',
  name: 'beta_binomial',
  args,
  discrete: true,
  doc: { support: '{0..N}', constraints: 'N a non-negative int, alpha > 0, beta > 0', density: 'log C(N,x) + log B(x+α, N−x+β) − log B(α, β)' },
  support: (n) => ({ kind: 'integer', lower: 0, upper: n }),
  checkArgs: (n, a, b) => checkScalarArgs('beta_binomial', args, n, a, b),
  logDensity(x, n, a, b) {
    if (!(n >= 0 && Number.isSafeInteger(n)) || !(a > 0 && a < Infinity) || !(b > 0 && b < Infinity)) return -Infinity;
    if (!isIntegerIn(x, 0, n)) return -Infinity;
    return lchoose(n, x) + lbeta(x + a, n - x + b) - lbeta(a, b);
  },
  logDensityGrad(out, x, n, a, b) {
    zeroGrad(out);
    const lp = beta_binomial.logDensity(x, n, a, b);
    if (lp === -Infinity) return lp;
    const common = digamma(a + b) - digamma(n + a + b);
    out[2] = digamma(x + a) - digamma(a) + common;
    out[3] = digamma(n - x + b) - digamma(b) + common;
    return lp;
  },
  sample(rng, n, a, b) {
    beta_binomial.checkArgs(n, a, b);
    return binomialVariate(rng, n, betaVariate(rng, a, b));
  },
  mean: (n, a, b) => (n * a) / (a + b),
  variance: (n, a, b) => (n * a * b * (a + b + n)) / ((a + b) * (a + b) * (a + b + 1)),
};
