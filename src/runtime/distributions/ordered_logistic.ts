/**
 * ordered_logistic(eta, c) over {1, ..., K}, cutpoints c: vector[K-1] strictly increasing:
 * P(1) = 1 - σ(η - c₁), P(k) = σ(η - c_{k-1}) - σ(η - c_k), P(K) = σ(η - c_{K-1}).
 * A middle category uses σ(a) - σ(b) = σ(a) σ(-b) (1 - e^(b-a)), so its log never subtracts two
 * nearly equal probabilities.
 */
import { log1mExp, sigmoid, softplus } from '../special.js';
import { argError, isIntegerIn } from './checks.js';
import type { ArgSpec, VectorDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'eta', label: 'Location parameter', rank: 0, constraint: 'finite' },
  { name: 'c', label: 'Cut-points', rank: 1, constraint: 'ordered', dims: ['K1'] },
];

function ordered(c: Float64Array): boolean {
  if (c.length < 1) return false;
  for (let i = 0; i < c.length; i++) {
    if (!Number.isFinite(c[i]!)) return false;
    if (i > 0 && !(c[i]! > c[i - 1]!)) return false;
  }
  return true;
}

export const ordered_logistic: VectorDistribution = {
  kind: 'vector',
  name: 'ordered_logistic',
  args,
  discrete: true,
  value: { elem: 'int', dims: [] },
  doc: { support: '{1..K}, K = length(c) + 1', constraints: 'eta finite (a scalar), c: vector[K−1] strictly increasing', density: 'log(σ(η − c_{x−1}) − σ(η − c_x)), with σ(η − c₀) = 1, σ(η − c_K) = 0' },
  eventSize: () => 1,
  support: () => ({ kind: 'integer', lower: 1, upper: Infinity }),
  checkArgs(a) {
    if (!Number.isFinite(a[0]![0]!)) throw argError('ordered_logistic', args[0]!, a[0]![0]);
    if (!ordered(a[1]!)) throw argError('ordered_logistic', args[1]!, a[1]);
  },
  logDensity(x, a) {
    const eta = a[0]![0]!;
    const c = a[1]!;
    const K = c.length + 1;
    const y = x[0]!;
    if (!Number.isFinite(eta) || !ordered(c) || !isIntegerIn(y, 1, K)) return -Infinity;
    if (y === 1) return -softplus(eta - c[0]!);
    if (y === K) return -softplus(c[K - 2]! - eta);
    const lo = eta - c[y - 2]!;
    const hi = eta - c[y - 1]!;
    return -softplus(-lo) - softplus(hi) + log1mExp(hi - lo);
  },
  logDensityGrad(x, a, k, _gx, gargs) {
    const lp = ordered_logistic.logDensity(x, a, k);
    if (lp === -Infinity) return lp;
    const eta = a[0]![0]!;
    const c = a[1]!;
    const K = c.length + 1;
    const y = x[0]!;
    const geta = gargs[0]!;
    const gc = gargs[1]!;
    if (y === 1) {
      const s = sigmoid(eta - c[0]!);
      geta[0]! -= s;
      gc[0]! += s;
    } else if (y === K) {
      const s = sigmoid(c[K - 2]! - eta);
      geta[0]! += s;
      gc[K - 2]! -= s;
    } else {
      const lo = eta - c[y - 2]!;
      const hi = eta - c[y - 1]!;
      const w = 1 / Math.expm1(lo - hi);
      const dlo = sigmoid(-lo) + w;
      const dhi = -sigmoid(hi) - w;
      geta[0]! += dlo + dhi;
      gc[y - 2]! -= dlo;
      gc[y - 1]! -= dhi;
    }
    return lp;
  },
  sample(rng, a, k, out) {
    ordered_logistic.checkArgs(a, k);
    const eta = a[0]![0]!;
    const c = a[1]!;
    const u = rng.uniform();
    for (let i = 0; i < c.length; i++) {
      if (u < sigmoid(c[i]! - eta)) { // P(y ≤ i + 1) = 1 - σ(η - c_{i+1})
        out[0] = i + 1;
        return;
      }
    }
    out[0] = c.length + 1;
  },
};
