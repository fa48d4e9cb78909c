/**
 * categorical_logit(beta) over {1, ..., K}: categorical(softmax(β)); log p(x) = β_x - log Σ exp β.
 * The gradient is [j = x] - softmax(β)_j (no simplex to keep: any finite β is valid).
 */
import { logSumExp } from '../special.js';
import { argError, isIntegerIn } from './checks.js';
import type { ArgSpec, VectorDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'beta', label: 'log odds parameter', rank: 1, constraint: 'finite-vector', dims: ['K'] }];

export const categorical_logit: VectorDistribution = {
  kind: 'vector',
  name: 'categorical_logit',
  args,
  discrete: true,
  value: { elem: 'int', dims: [] },
  doc: { support: '{1..K} (1-based)', constraints: 'beta: vector[K] finite (log odds)', density: 'β_x − log Σ exp β' },
  eventSize: () => 1,
  support: () => ({ kind: 'integer', lower: 1, upper: Infinity }),
  checkArgs(a) {
    const b = a[0]!;
    if (b.length < 1 || !b.every(Number.isFinite)) throw argError('categorical_logit', args[0]!, b);
  },
  logDensity(x, a) {
    const b = a[0]!;
    const c = x[0]!;
    if (!isIntegerIn(c, 1, b.length)) return -Infinity;
    const lp = b[c - 1]! - logSumExp(b);
    return Number.isNaN(lp) ? -Infinity : lp;
  },
  logDensityGrad(x, a, k, _gx, gargs) {
    const lp = categorical_logit.logDensity(x, a, k);
    if (lp === -Infinity) return lp;
    const b = a[0]!;
    const g = gargs[0]!;
    const lse = logSumExp(b);
    for (let j = 0; j < b.length; j++) g[j]! -= Math.exp(b[j]! - lse);
    g[x[0]! - 1]! += 1;
    return lp;
  },
  sample(rng, a, k, out) {
    categorical_logit.checkArgs(a, k);
    const b = a[0]!;
    const lse = logSumExp(b);
    const u = rng.uniform();
    let acc = 0;
    for (let i = 0; i < b.length; i++) {
      acc += Math.exp(b[i]! - lse);
      if (u < acc) {
        out[0] = i + 1;
        return;
      }
    }
    out[0] = b.length; // rounding left u above the running sum
  },
};
