/**
 * skew_normal(xi, omega, alpha) on ℝ: z = (x - ξ)/ω, log p = log 2 - log ω + log φ(z) + log Φ(αz).
 * Gradients use the inverse Mills ratio r = φ(αz)/Φ(αz), formed in log space so it stays finite
 * deep in the lower tail.
 */
import { HALF_LOG_2PI, LOG_2, normalLogCdf } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'xi', label: 'Location parameter', rank: 0, constraint: 'finite' },
  { name: 'omega', label: 'Scale parameter', rank: 0, constraint: 'positive' },
  { name: 'alpha', label: 'Shape parameter', rank: 0, constraint: 'finite' },
];

export const skew_normal: ScalarDistribution = {
  kind: 'scalar',
  name: 'skew_normal',
  args,
  discrete: false,
  doc: { support: 'ℝ', constraints: 'xi finite, omega > 0, alpha finite', density: 'log 2 − log ω + log φ(z) + log Φ(αz), z = (x−ξ)/ω' },
  support: () => ({ kind: 'real' }),
  checkArgs: (xi, omega, alpha) => checkScalarArgs('skew_normal', args, xi, omega, alpha),
  logDensity(x, xi, omega, alpha) {
    if (!Number.isFinite(x) || !Number.isFinite(xi) || !(omega > 0 && omega < Infinity) || !Number.isFinite(alpha)) return -Infinity;
    const z = (x - xi) / omega;
    return LOG_2 - Math.log(omega) - HALF_LOG_2PI - 0.5 * z * z + normalLogCdf(alpha * z);
  },
  logDensityGrad(out, x, xi, omega, alpha) {
    zeroGrad(out);
    const lp = skew_normal.logDensity(x, xi, omega, alpha);
    if (lp === -Infinity) return lp;
    const z = (x - xi) / omega;
    const t = alpha * z;
    const r = Math.exp(-HALF_LOG_2PI - 0.5 * t * t - normalLogCdf(t));
    const dz = -z + alpha * r;
    out[0] = dz / omega;
    out[1] = -dz / omega;
    out[2] = (-1 - z * dz) / omega;
    out[3] = z * r;
    return lp;
  },
  sample(rng, xi, omega, alpha) {
    skew_normal.checkArgs(xi, omega, alpha);
    // δ|U₀| + √(1-δ²) V with U₀, V standard normal (Azzalini's representation).
    const delta = alpha / Math.sqrt(1 + alpha * alpha);
    return xi + omega * (delta * Math.abs(rng.normal()) + Math.sqrt(1 - delta * delta) * rng.normal());
  },
  mean: (xi, omega, alpha) => xi + omega * (alpha / Math.sqrt(1 + alpha * alpha)) * Math.sqrt(2 / Math.PI),
  variance: (_xi, omega, alpha) => omega * omega * (1 - (2 * alpha * alpha) / ((1 + alpha * alpha) * Math.PI)),
};
