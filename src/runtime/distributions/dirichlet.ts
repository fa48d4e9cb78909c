/**
 * dirichlet(concentration α) on the K-simplex:
 * log p = lgamma(Σα) - Σ lgamma(α_i) + Σ (α_i - 1) log x_i.
 * The gradient w.r.t. x treats the entries as free; the simplex bijector supplies the constraint.
 */
import { digamma, lgamma } from '../special.js';
import { argError, isSimplex } from './checks.js';
import { logGammaVariate } from './variates.js';
import type { ArgSpec, VectorDistribution } from './types.js';

const args: ArgSpec[] = [{ name: 'alpha', label: 'Prior sample sizes', rank: 1, constraint: 'positive-vector', dims: ['K'] }];

function validAlpha(alpha: Float64Array, k: number): boolean {
  if (alpha.length !== k) return false;
  for (let i = 0; i < k; i++) if (!(alpha[i]! > 0 && alpha[i]! < Infinity)) return false;
  return true;
}

export const dirichlet: VectorDistribution = {
  kind: 'vector',
  name: 'dirichlet',
  args,
  discrete: false,
  value: { elem: 'real', dims: ['K'] },
  doc: { support: 'the K-simplex', constraints: 'alpha: vector[K], K ≥ 2, all > 0', density: 'lgamma Σα − Σ lgamma αᵢ + Σ(αᵢ−1) log xᵢ' },
  eventSize: (shapes) => shapes[0]![0]!,
  support: () => ({ kind: 'simplex' }),
  checkArgs(a, k) {
    if (k < 2 || !validAlpha(a[0]!, k)) throw argError('dirichlet', args[0]!, a[0]);
  },
  logDensity(x, a, k) {
    const alpha = a[0]!;
    if (!validAlpha(alpha, k) || !isSimplex(x, 0, k)) return -Infinity;
    let sumA = 0;
    let lp = 0;
    for (let i = 0; i < k; i++) {
      const ai = alpha[i]!;
      const xi = x[i]!;
      if (xi === 0) return -Infinity;
      sumA += ai;
      lp += (ai - 1) * Math.log(xi) - lgamma(ai);
    }
    return lp + lgamma(sumA);
  },
  logDensityGrad(x, a, k, gx, gargs) {
    const lp = dirichlet.logDensity(x, a, k);
    if (lp === -Infinity) return lp;
    const alpha = a[0]!;
    const ga = gargs[0]!;
    let sumA = 0;
    for (let i = 0; i < k; i++) sumA += alpha[i]!;
    const dsum = digamma(sumA);
    for (let i = 0; i < k; i++) {
      gx[i]! += (alpha[i]! - 1) / x[i]!;
      ga[i]! += dsum - digamma(alpha[i]!) + Math.log(x[i]!);
    }
    return lp;
  },
  sample(rng, a, k, out) {
    dirichlet.checkArgs(a, k);
    const alpha = a[0]!;
    // Normalise log-gamma draws by their log-sum-exp, so tiny concentrations cannot give 0/0.
    let m = -Infinity;
    for (let i = 0; i < k; i++) {
      const lg = logGammaVariate(rng, alpha[i]!);
      out[i] = lg;
      if (lg > m) m = lg;
    }
    let s = 0;
    for (let i = 0; i < k; i++) {
      const e = Math.exp(out[i]! - m);
      out[i] = e;
      s += e;
    }
    for (let i = 0; i < k; i++) out[i] = out[i]! / s;
  },
};
