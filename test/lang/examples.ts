/**
 * Valid example models, each written in the DSL and with the builder, used by several tests
 * (builder/DSL equivalence, fuzzing seeds, parse round trips).
 */
import { model } from '../../src/lang/dsl.js';
import {
  beta, binomial, exp, halfCauchy, matrix, multiNormal, neg, normal, uniform, vector, zeros,
} from '../../src/lang/builder.js';

export const coinSource = `
input n: int
param p ~ beta(1, 1)
data heads: int ~ binomial(n, p)
`;

export const eightSchoolsSource = `
// Eight schools, non-centred parameterisation.
input J: int
input sigma: vector[J]
param mu ~ normal(0, 5)
param tau ~ half_cauchy(5)
param theta_trans: vector[J] ~ normal(0, 1)
let theta = mu + tau * theta_trans
data y: vector[J] ~ normal(theta, sigma)
`;

export const gpSource = `
/* Gaussian process on a 16 x 16 grid: exponential kernel of the distance matrix D. */
input D: matrix[256, 256]
param ell ~ uniform(0, 0.6)
let K = exp(-D / ell)
data z: vector[256] ~ multi_normal(zeros(256), K)
`;

export const coin = () => model`
input n: int
param p ~ beta(1, 1)
data heads: int ~ binomial(n, p)
`;

export const coinBuilt = () =>
  model(({ input, param, data }) => {
    const n = input('n', 'int');
    const p = param('p', beta(1, 1));
    data('heads', binomial(n, p), 'int');
  });

export const eightSchoolsBuilt = () =>
  model(({ input, param, data, let: define }) => {
    const J = input('J', 'int');
    const sigma = input('sigma', vector(J));
    const mu = param('mu', normal(0, 5));
    const tau = param('tau', halfCauchy(5));
    const thetaTrans = param('theta_trans', normal(0, 1), vector(J));
    const theta = define('theta', mu.add(tau.mul(thetaTrans)));
    data('y', normal(theta, sigma), vector(J));
  });

export const gpBuilt = () =>
  model(({ input, param, data, let: define }) => {
    const D = input('D', matrix(256, 256));
    const ell = param('ell', uniform(0, 0.6));
    const K = define('K', exp(neg(D).div(ell)));
    data('z', multiNormal(zeros(256), K), vector(256));
  });

/** More valid sources exercising the whole grammar (fuzz seeds). */
export const validSources: string[] = [
  coinSource,
  eightSchoolsSource,
  gpSource,
  `input n: int; input x: vector[n]; param a ~ normal(0, 1); param b ~ normal(0, 1)
   param s ~ half_normal(0, 1)
   let mu = a + b * x
   data y: vector[n] ~ normal(mu, s)`,
  `input N: int
   input X: matrix[N, 3]
   param w: vector[3] ~ normal(0, 2)
   latent z: vector[N] ~ normal(0, 1)
   let eta: vector[N] = X * w + z
   data k: int[N] ~ bernoulli(inv_logit(eta))`,
  `param r ~ gamma(2, 1); param a ~ uniform(-pi, pi)
   param c ~ normal(0, 1)
   data y: vector[2] = [r * cos(a), r * sin(a)] + c`,
  `input K: int
   param probs: vector[K] ~ dirichlet(rep_vector(1, K))
   param t ~ student_t(3, 0, 1)
   let q = t > 0 ? -t^2 : sum(probs .* probs) / 2 ^ -1
   data obs ~ categorical(probs)
   data big: real ~ lognormal(log1p(abs(q)), exp(0.1))`,
];
