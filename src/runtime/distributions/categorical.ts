/**
 * categorical(probabilities p) over {1, ..., K} (1-based, like the DSL's indices): log p(x) = log p_x.
 *
 * A VectorDistribution whose event is ONE integer: eventSize is 1 and x is a length-1 array holding
 * the category; K is the length of the probability vector. Support reports integer [1, ∞) because
 * `support()` sees no arguments; `logDensity` rejects x > K. The gradient w.r.t. p treats the
 * entries as free (∂/∂p_j = [j = x] / p_x); it is the caller's bijector or softmax that keeps p on
 * the simplex.
 */
import { argError, isIntegerIn, isSimplex } from './checks.js';
import type { ArgSpec, VectorDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'theta', label: 'Probabilities parameter', rank: 1, constraint: 'simplex', dims: ['K'] }];

export const categorical: VectorDistribution = {
  kind: 'vector',
  name: 'categorical',
  args,
  discrete: true,
  value: { elem: 'int', dims: [] },
  doc: { support: '{1..K} (1-based)', constraints: 'theta a simplex (vector[K])', density: 'log θ_x' },
  eventSize: () => 1,
  support: () => ({ kind: 'integer', lower: 1, upper: Infinity }),
  checkArgs(a) {
    const p = a[0]!;
    if (p.length < 1 || !isSimplex(p, 0, p.length)) throw argError('categorical', args[0]!, p);
  },
  logDensity(x, a) {
    const p = a[0]!;
    const K = p.length;
    if (!isSimplex(p, 0, K)) return -Infinity;
    const c = x[0]!;
    if (!isIntegerIn(c, 1, K)) return -Infinity;
    return Math.log(p[c - 1]!);
  },
  logDensityGrad(x, a, k, _gx, gargs) {
    const lp = categorical.logDensity(x, a, k);
    if (lp === -Infinity) return lp;
    const c = x[0]!;
    gargs[0]![c - 1]! += 1 / a[0]![c - 1]!;
    return lp;
  },
  sample(rng, a, k, out) {
    categorical.checkArgs(a, k);
    const p = a[0]!;
    const u = rng.uniform();
    let acc = 0;
    for (let i = 0; i < p.length; i++) {
      acc += p[i]!;
      if (u < acc) {
        out[0] = i + 1;
        return;
      }
    }
    // Rounding left u above the running sum: the last category with positive mass.
    let last = p.length - 1;
    while (last > 0 && p[last]! === 0) last--;
    out[0] = last + 1;
  },
};
