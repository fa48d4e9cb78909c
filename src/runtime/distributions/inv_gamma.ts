/** inv_gamma(shape α, scale β) on (0, ∞): log p = α log β - lgamma(α) - (α + 1) log x - β/x. */
import { digamma, lgamma } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'alpha', label: 'Shape parameter', rank: 0, constraint: 'positive' },
  { name: 'beta', label: 'Scale parameter', rank: 0, constraint: 'positive' },
];

export const inv_gamma: ScalarDistribution = {
  kind: 'scalar',
  name: 'inv_gamma',
  args,
  discrete: false,
  doc: { support: '(0, ∞)', constraints: 'alpha > 0, beta > 0 (a scale)', density: 'α log β − lgamma α − (α+1) log x − β/x' },
  support: () => ({ kind: 'positive' }),
  checkArgs: (shape, scale) => checkScalarArgs('inv_gamma', args, shape, scale, 0),
  logDensity(x, shape, scale) {
    if (!(shape > 0 && shape < Infinity) || !(scale > 0 && scale < Infinity)) return -Infinity;
    if (!(x > 0 && x < Infinity)) return -Infinity;
    return shape * Math.log(scale) - lgamma(shape) - (shape + 1) * Math.log(x) - scale / x;
  },
  logDensityGrad(out, x, shape, scale) {
    zeroGrad(out);
    const lp = inv_gamma.logDensity(x, shape, scale, 0);
    if (lp === -Infinity) return lp;
    out[0] = -(shape + 1) / x + scale / (x * x);
    out[1] = Math.log(scale) - digamma(shape) - Math.log(x);
    out[2] = shape / scale - 1 / x;
    return lp;
  },
  sample(rng, shape, scale) {
    inv_gamma.checkArgs(shape, scale, 0);
    return scale / rng.gamma(shape);
  },
  mean: (shape, scale) => (shape > 1 ? scale / (shape - 1) : Infinity),
  variance: (shape, scale) => (shape > 2 ? (scale * scale) / ((shape - 1) * (shape - 1) * (shape - 2)) : Infinity),
};
