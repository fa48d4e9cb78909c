/** uniform(lower a, upper b): log p = -log(b - a) on [a, b]. */
import { argRelationError, checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'alpha', label: 'Lower bound parameter', rank: 0, constraint: 'finite' },
  { name: 'beta', label: 'Upper bound parameter', rank: 0, constraint: 'finite' },
];

export const uniform: ScalarDistribution = {
  kind: 'scalar',
  name: 'uniform',
  args,
  discrete: false,
  doc: { support: '(alpha, beta)', constraints: 'finite, alpha < beta', density: '−log(β − α)' },
  support: (a, b) => ({ kind: 'interval', lower: a, upper: b }),
  checkArgs(a, b) {
    checkScalarArgs('uniform', args, a, b, 0);
    if (!(a < b)) throw argRelationError('uniform', args[1]!, `greater than alpha`, `alpha ${a}, beta ${b}`);
  },
  logDensity(x, a, b) {
    if (!(a < b) || !Number.isFinite(a) || !Number.isFinite(b)) return -Infinity;
    if (!(x >= a && x <= b)) return -Infinity;
    return -Math.log(b - a);
  },
  logDensityGrad(out, x, a, b) {
    zeroGrad(out);
    const lp = uniform.logDensity(x, a, b, 0);
    if (lp === -Infinity) return lp;
    // The density is flat in x; widening the interval lowers it.
    out[1] = 1 / (b - a);
    out[2] = -1 / (b - a);
    return lp;
  },
  sample(rng, a, b) {
    uniform.checkArgs(a, b, 0);
    return a + (b - a) * rng.uniform();
  },
  mean: (a, b) => 0.5 * (a + b),
  variance: (a, b) => ((b - a) * (b - a)) / 12,
};
