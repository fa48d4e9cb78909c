/**
 * neg_binomial_2(mu, phi) on {0, 1, ...}: mean μ, variance μ + μ²/φ (Stan's parameterisation);
 * log p = lgamma(x + φ) - lgamma(x + 1) - lgamma φ + x log(μ/(μ+φ)) + φ log(φ/(μ+φ)).
 * The log-mean form neg_binomial_2_log(eta, phi) shares the kernel (nb2Kernel) with μ = e^η.
 */
import { digamma, lgamma } from '../special.js';
import { checkScalarArgs, isIntegerIn, zeroGrad } from './checks.js';
import { poisson } from './poisson.js';
import type { ArgSpec, ScalarDistribution } from './types.js';
import type { Rng } from '../rng.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 0, constraint: 'positive' },
  { name: 'phi', label: 'Precision parameter', rank: 0, constraint: 'positive' },
];

/** log p, with log μ passed too so the log form never exponentiates and logs again. */
export function nb2LogDensity(x: number, mu: number, logMu: number, phi: number): number {
  if (!(mu > 0 && mu < Infinity) || !(phi > 0 && phi < Infinity)) return -Infinity;
  if (!isIntegerIn(x, 0, Number.MAX_SAFE_INTEGER)) return -Infinity;
  const logMuPhi = Math.log(mu + phi);
  return lgamma(x + phi) - lgamma(x + 1) - lgamma(phi) + x * (logMu - logMuPhi) + phi * (Math.log(phi) - logMuPhi);
}

/** ∂ log p/∂μ and ∂ log p/∂φ into out[1], out[2]. */
export function nb2Grad(out: Float64Array, x: number, mu: number, phi: number): void {
  const s = mu + phi;
  out[1] = x / mu - (x + phi) / s;
  out[2] = digamma(x + phi) - digamma(phi) + Math.log(phi / s) + (mu - x) / s;
}

/** Gamma-Poisson mixture: λ ~ Gamma(φ, rate φ/μ), x ~ Poisson(λ). */
export function nb2Sample(rng: Rng, mu: number, phi: number): number {
  return poisson.sample(rng, (rng.gamma(phi) * mu) / phi, 0, 0);
}

export const neg_binomial_2: ScalarDistribution = {
  kind: 'scalar',
  name: 'neg_binomial_2',
  args,
  discrete: true,
  doc: { support: '{0, 1, …}', constraints: 'mu > 0 (the mean), phi > 0 (variance μ + μ²/φ)', density: 'lgamma(x+φ) − lgamma(x+1) − lgamma φ + x log(μ/(μ+φ)) + φ log(φ/(μ+φ))' },
  support: () => ({ kind: 'integer', lower: 0, upper: Infinity }),
  checkArgs: (mu, phi) => checkScalarArgs('neg_binomial_2', args, mu, phi, 0),
  logDensity: (x, mu, phi) => nb2LogDensity(x, mu, Math.log(mu), phi),
  logDensityGrad(out, x, mu, phi) {
    zeroGrad(out);
    const lp = nb2LogDensity(x, mu, Math.log(mu), phi);
    if (lp !== -Infinity) nb2Grad(out, x, mu, phi);
    return lp;
  },
  sample(rng, mu, phi) {
    neg_binomial_2.checkArgs(mu, phi, 0);
    return nb2Sample(rng, mu, phi);
  },
  mean: (mu) => mu,
  variance: (mu, phi) => mu + (mu * mu) / phi,
};
