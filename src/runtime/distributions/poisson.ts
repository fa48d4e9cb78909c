/**
 * poisson(rate λ) on {0, 1, ...}: log p = x log λ - λ - lgamma(x + 1).
 * λ = 0 is allowed (all mass at 0), as in Stan: a rate built from an underflowing gamma draw must not throw.
 */
import { lgamma } from '../special.js';
import { checkScalarArgs, isIntegerIn, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'lambda', label: 'Rate parameter', rank: 0, constraint: 'nonnegative' }];

export const poisson: ScalarDistribution = {
  kind: 'scalar',
  name: 'poisson',
  args,
  discrete: true,
  doc: { support: '{0, 1, …}', constraints: 'lambda ≥ 0 (λ = 0 puts all mass at 0)', density: 'x log λ − λ − lgamma(x+1)' },
  support: () => ({ kind: 'integer', lower: 0, upper: Infinity }),
  checkArgs: (rate) => checkScalarArgs('poisson', args, rate, 0, 0),
  logDensity(x, rate) {
    if (!(rate >= 0 && rate < Infinity)) return -Infinity;
    if (!isIntegerIn(x, 0, Number.MAX_SAFE_INTEGER)) return -Infinity;
    if (x === 0) return -rate; // also right at λ = 0, where x log λ would be 0 · -∞
    return x * Math.log(rate) - rate - lgamma(x + 1);
  },
  logDensityGrad(out, x, rate) {
    zeroGrad(out);
    const lp = poisson.logDensity(x, rate, 0, 0);
    if (lp === -Infinity) return lp;
    out[1] = (x === 0 ? 0 : x / rate) - 1;
    return lp;
  },
  sample(rng, rate) {
    poisson.checkArgs(rate, 0, 0);
    if (rate === 0) return 0;
    if (rate < 30) {
      // Knuth's product of uniforms, in log space: exact, O(λ).
      let k = 0;
      let s = -Math.log(rng.uniform());
      while (s < rate) {
        k++;
        s -= Math.log(rng.uniform());
      }
      return k;
    }
    // Large λ: PTRS transformed rejection (Hörmann 1993), exact.
    const slam = Math.sqrt(rate);
    const loglam = Math.log(rate);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = rng.uniform() - 0.5;
      const v = rng.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -rate + k * loglam - lgamma(k + 1)) return k;
    }
  },
  mean: (rate) => rate,
  variance: (rate) => rate,
};
