/**
 * Eight schools (Rubin 1981; Gelman et al., BDA ch. 5): coaching effects y_j ± sigma_j in eight
 * schools, partially pooled. Non-centred parameterisation (theta = mu + tau · theta_trans), as
 * posteriordb's eight_schools_noncentered, so NUTS does not hit the funnel at small tau.
 *
 *   npx amortize run examples/eight-schools.ts --plot --out out/eight-schools
 */
import { model } from '../src/lang/dsl.js';
export const eightSchools = model `
  input J: int
  input sigma: vector[J]
  param mu ~ normal(0, 5)
  param tau ~ half_cauchy(5)
  param theta_trans: vector[J] ~ normal(0, 1)
  let theta = mu + tau * theta_trans
  data y: vector[J] ~ normal(theta, sigma)
`;
export default eightSchools;
export const data = {
    J: 8,
    y: [28, 8, -3, 7, -1, 1, 18, 12],
    sigma: [15, 10, 16, 11, 9, 11, 10, 18],
};
/** Posterior means from posteriordb's reference draws (eight_schools-eight_schools_noncentered). */
export const reference = { mu: 4.39, tau: 3.6 };
//# sourceMappingURL=eight-schools.js.map