/**
 * binomial(trials n, probability p) on {0..n}: log p = log C(n, x) + x log p + (n - x) log(1 - p).
 * n is an integer argument: its gradient slot is always 0.
 */
import { lchoose } from '../special.js';
import { checkScalarArgs, isIntegerIn, zeroGrad } from './checks.js';
import { binomialVariate } from './variates.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'N', label: 'Population size parameter', rank: 0, constraint: 'nonnegative-int', int: true },
  { name: 'theta', label: 'Probability parameter', rank: 0, constraint: 'probability' },
];

/** x log p with the convention 0 log 0 = 0 (so p = 0 or 1 give finite masses at the ends). */
function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

export const binomial: ScalarDistribution = {
  kind: 'scalar',
  name: 'binomial',
  args,
  discrete: true,
  doc: { support: '{0..N}', constraints: 'N a non-negative int, 0 ≤ theta ≤ 1', density: 'log C(N,x) + x log θ + (N−x) log(1−θ)' },
  support: (n) => ({ kind: 'integer', lower: 0, upper: n }),
  checkArgs: (n, p) => checkScalarArgs('binomial', args, n, p, 0),
  logDensity(x, n, p) {
    if (!(n >= 0 && Number.isSafeInteger(n)) || !(p >= 0 && p <= 1)) return -Infinity;
    if (!isIntegerIn(x, 0, n)) return -Infinity;
    return lchoose(n, x) + xlogy(x, p) + xlogy(n - x, 1 - p);
  },
  logDensityGrad(out, x, n, p) {
    zeroGrad(out);
    const lp = binomial.logDensity(x, n, p, 0);
    if (lp === -Infinity) return lp;
    out[2] = (x === 0 ? 0 : x / p) - (n - x === 0 ? 0 : (n - x) / (1 - p));
    return lp;
  },
  sample(rng, n, p) {
    binomial.checkArgs(n, p, 0);
    return binomialVariate(rng, n, p);
  },
  mean: (n, p) => n * p,
  variance: (n, p) => n * p * (1 - p),
};
