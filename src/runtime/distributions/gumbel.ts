/** gumbel(mu, beta) on ℝ: z = (x - μ)/β, log p = -log β - z - e^(-z); F(x) = exp(-e^(-z)). */
import { log1mExp } from '../special.js';
import { checkScalarArgs, zeroGrad } from './checks.js';
import type { ArgSpec, ScalarDistribution } from './types.js';

const args: ArgSpec[] = [
  { name: 'mu', label: 'Location parameter', rank: 0, constraint: 'finite' },
  { name: 'beta', label: 'Scale parameter', rank: 0, constraint: 'positive' },
];

const EULER_GAMMA = 0.5772156649015329;
const valid = (x: number, mu: number, beta: number): boolean => Number.isFinite(x) && Number.isFinite(mu) && beta > 0 && beta < Infinity;

export const gumbel: ScalarDistribution = {
  kind: 'scalar',
  name: 'gumbel',
  args,
  discrete: false,
  doc: { support: 'ℝ', constraints: 'mu finite, beta > 0', density: '−log β − z − e^(−z), z = (x−μ)/β' },
  support: () => ({ kind: 'real' }),
  checkArgs: (mu, beta) => checkScalarArgs('gumbel', args, mu, beta, 0),
  logDensity(x, mu, beta) {
    if (!valid(x, mu, beta)) return -Infinity;
    const z = (x - mu) / beta;
    const lp = -Math.log(beta) - z - Math.exp(-z);
    return Number.isNaN(lp) ? -Infinity : lp;
  },
  logDensityGrad(out, x, mu, beta) {
    zeroGrad(out);
    const lp = gumbel.logDensity(x, mu, beta, 0);
    if (lp === -Infinity) return lp;
    const z = (x - mu) / beta;
    const g = Math.exp(-z) - 1; // d lp / dz
    out[0] = g / beta;
    out[1] = -g / beta;
    out[2] = (-g * z - 1) / beta;
    return lp;
  },
  lcdf: (x, mu, beta) => (valid(x, mu, beta) ? -Math.exp(-(x - mu) / beta) : NaN),
  lccdf: (x, mu, beta) => (valid(x, mu, beta) ? log1mExp(-Math.exp(-(x - mu) / beta)) : NaN),
  sample(rng, mu, beta) {
    gumbel.checkArgs(mu, beta, 0);
    return mu - beta * Math.log(-Math.log(rng.uniform()));
  },
  mean: (mu, beta) => mu + beta * EULER_GAMMA,
  variance: (_mu, beta) => (Math.PI * Math.PI * beta * beta) / 6,
};
