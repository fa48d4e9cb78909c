/**
 * The distribution registry: DSL name → implementation. Adding a distribution is one file in this
 * folder plus one line here (and reference values in test/fixtures/distributions/make-reference.py).
 */
import { bernoulli } from './bernoulli.js';
import { beta } from './beta.js';
import { binomial } from './binomial.js';
import { categorical } from './categorical.js';
import { cauchy } from './cauchy.js';
import { dirichlet } from './dirichlet.js';
import { exponential } from './exponential.js';
import { gamma } from './gamma.js';
import { half_cauchy } from './half_cauchy.js';
import { half_normal } from './half_normal.js';
import { inv_gamma } from './inv_gamma.js';
import { lognormal } from './lognormal.js';
import { multi_normal } from './multi_normal.js';
import { multi_normal_cholesky } from './multi_normal_cholesky.js';
import { normal } from './normal.js';
import { poisson } from './poisson.js';
import { student_t } from './student_t.js';
import { uniform } from './uniform.js';
import { bernoulli_logit } from './bernoulli_logit.js';
import { binomial_logit } from './binomial_logit.js';
import { double_exponential } from './double_exponential.js';
import { gumbel } from './gumbel.js';
import { logistic } from './logistic.js';
import { neg_binomial_2 } from './neg_binomial_2.js';
import { neg_binomial_2_log } from './neg_binomial_2_log.js';
import { poisson_log } from './poisson_log.js';
import { weibull } from './weibull.js';
import { beta_binomial } from './beta_binomial.js';
import { skew_normal } from './skew_normal.js';
import { categorical_logit } from './categorical_logit.js';
import { ordered_logistic } from './ordered_logistic.js';
import { multi_normal_prec } from './multi_normal_prec.js';
import type { Distribution, ScalarDistribution, VectorDistribution } from './types.js';

export const scalarDistributions: Readonly<Record<string, ScalarDistribution>> = {
  normal, lognormal, uniform, half_normal, half_cauchy, cauchy, student_t, exponential, gamma, inv_gamma, beta,
  bernoulli, binomial, poisson,
  bernoulli_logit, binomial_logit, poisson_log, neg_binomial_2, neg_binomial_2_log, logistic, gumbel, double_exponential, weibull,
  beta_binomial, skew_normal,
};

export const vectorDistributions: Readonly<Record<string, VectorDistribution>> = {
  categorical, dirichlet, multi_normal, multi_normal_cholesky, multi_normal_prec, categorical_logit, ordered_logistic,
};

export const distributions: Readonly<Record<string, Distribution>> = { ...scalarDistributions, ...vectorDistributions };

/** The distribution called `name` in the DSL, or undefined (the compiler turns that into a ModelError). */
export function getDistribution(name: string): Distribution | undefined {
  return Object.prototype.hasOwnProperty.call(distributions, name) ? distributions[name] : undefined;
}

export {
  bernoulli, beta, binomial, categorical, cauchy, dirichlet, exponential, gamma, half_cauchy, half_normal, inv_gamma,
  lognormal, multi_normal, multi_normal_cholesky, normal, poisson, student_t, uniform,
  bernoulli_logit, binomial_logit, double_exponential, gumbel, logistic, neg_binomial_2, neg_binomial_2_log, poisson_log, weibull,
  beta_binomial, skew_normal, categorical_logit, ordered_logistic, multi_normal_prec,
};
export type { Distribution, ScalarDistribution, VectorDistribution } from './types.js';
export { DistributionArgumentError } from './checks.js';
