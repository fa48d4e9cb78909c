/**
 * student_t(degrees of freedom ν, location μ, scale σ):
 * log p = lgamma((ν+1)/2) - lgamma(ν/2) - ½ log(νπ) - log σ - (ν+1)/2 · log(1 + z²/ν).
 */
import { digamma, lgamma, LOG_PI } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'nu', label: 'Degrees of freedom parameter', rank: 0, constraint: 'positive' },
  { name: 'mu', label: 'Location parameter', rank: 0, constraint: 'finite' },
  { name: 'sigma', label: 'Scale parameter', rank: 0, constraint: 'positive' },
];

export const student_t: ScalarDistribution = {
  kind: 'scalar',
  name: 'student_t',
  args,
  discrete: false,
  doc: { support: 'ℝ', constraints: 'nu > 0, mu finite, sigma > 0', density: 'lgamma((ν+1)/2) − lgamma(ν/2) − ½log νπ − log σ − (ν+1)/2 · log(1 + z²/ν)' },
  support: () => ({ kind: 'real' }),
  checkArgs: (nu, mu, sigma) => checkScalarArgs('student_t', args, nu, mu, sigma),
  logDensity(x, nu, mu, sigma) {
    if (!(nu > 0 && nu < Infinity) || !(sigma > 0 && sigma < Infinity) || !Number.isFinite(mu)) return -Infinity;
    if (!Number.isFinite(x)) return -Infinity;
    const z = (x - mu) / sigma;
    return (
      lgamma(0.5 * (nu + 1)) - lgamma(0.5 * nu) - 0.5 * (Math.log(nu) + LOG_PI) - Math.log(sigma) -
      0.5 * (nu + 1) * Math.log1p((z * z) / nu)
    );
  },
  logDensityGrad(out, x, nu, mu, sigma) {
    zeroGrad(out);
    const lp = student_t.logDensity(x, nu, mu, sigma);
    if (lp === -Infinity) return lp;
    const d = x - mu;
    const z2 = (d * d) / (sigma * sigma);
    const dx = (-(nu + 1) * d) / (nu * sigma * sigma + d * d);
    out[0] = dx;
    out[1] = 0.5 * (digamma(0.5 * (nu + 1)) - digamma(0.5 * nu)) - 0.5 / nu - 0.5 * Math.log1p(z2 / nu) +
      (0.5 * (nu + 1) * z2) / (nu * (nu + z2));
    out[2] = -dx;
    out[3] = -1 / sigma + ((nu + 1) * z2) / (sigma * (nu + z2));
    return lp;
  },
  sample(rng, nu, mu, sigma) {
    student_t.checkArgs(nu, mu, sigma);
    // t = Z / sqrt(χ²_ν / ν), with χ²_ν = 2 · Gamma(ν/2).
    const chi2 = 2 * rng.gamma(0.5 * nu);
    return mu + (sigma * rng.normal()) / Math.sqrt(chi2 / nu);
  },
  mean: (nu, mu) => (nu > 1 ? mu : NaN),
  variance: (nu, _mu, sigma) => (nu > 2 ? (sigma * sigma * nu) / (nu - 2) : nu > 1 ? Infinity : NaN),
};
