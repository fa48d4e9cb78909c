/**
 * Every sampler against its own density: mean and variance within 5 standard errors of the exact
 * moments (20 000 draws, fixed seed) and a χ² goodness-of-fit test (cells from an independent pilot
 * sample, probabilities from the density), via amortize/testing's checkScalarSimulator.
 */
import { describe, expect, it } from 'vitest';
import { getDistribution } from '../../../src/runtime/distributions/index.js';
import type { ScalarDistribution, VectorDistribution } from '../../../src/runtime/distributions/types.js';
import { checkScalarSimulator, checkVectorSimulator } from '../../../src/testing/simulator.js';
import { cholesky, choleskyInverse } from '../../../src/runtime/linalg/cholesky.js';

const scalarCases: [string, number[]][] = [
  ['normal', [1, 2]],
  ['lognormal', [0.5, 0.5]],
  ['uniform', [-1, 3]],
  ['half_normal', [2]],
  ['half_cauchy', [1.5]],
  ['cauchy', [1, 2]],
  ['student_t', [10, 1, 2]],
  ['student_t', [1.5, 0, 1]],
  ['exponential', [2]],
  ['gamma', [2.5, 2]],
  ['gamma', [0.3, 1]],
  ['inv_gamma', [6, 2]],
  ['beta', [2, 3]],
  ['beta', [0.5, 0.5]],
  ['beta', [0.05, 0.2]],
  ['bernoulli', [0.3]],
  ['binomial', [10, 0.3]],
  ['binomial', [200, 0.7]],
  ['binomial', [100_000, 0.4]],
  ['poisson_log', [1.3]],
  ['bernoulli_logit', [-0.8]],
  ['binomial_logit', [25, 0.6]],
  ['neg_binomial_2', [4, 2.5]],
  ['neg_binomial_2_log', [1.2, 7]],
  ['logistic', [1, 0.7]],
  ['gumbel', [-1, 2]],
  ['double_exponential', [0.5, 1.5]],
  ['weibull', [1.7, 2]],
  ['weibull', [0.6, 1]],
  ['beta_binomial', [15, 2, 3]],
  ['skew_normal', [1, 2, 4]],
  ['skew_normal', [0, 1, -1.5]],
  ['binomial', [5000, 0.001]],
  ['poisson', [3.5]],
  ['poisson', [60]],
];

describe('scalar samplers agree with their densities', () => {
  it.each(scalarCases)('%s%j', (name, args) => {
    const r = checkScalarSimulator(getDistribution(name) as ScalarDistribution, args, { seed: `sampler-${name}` });
    expect(r.ok, r.message).toBe(true);
  });

  it('the check has power: a sampler with the wrong scale is rejected', () => {
    const normal = getDistribution('normal') as ScalarDistribution;
    const wrong: ScalarDistribution = { ...normal, sample: (rng, mu, sigma) => mu + 1.05 * sigma * rng.normal() };
    const r = checkScalarSimulator(wrong, [0, 1], { seed: 5 });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/variance/);
  });

  it('the check has power: an unnormalised density is rejected by χ²', () => {
    const cauchy = getDistribution('cauchy') as ScalarDistribution;
    const wrong: ScalarDistribution = { ...cauchy, logDensity: (x, mu, s) => cauchy.logDensity(x, mu, s, 0) + 0.05 };
    const r = checkScalarSimulator(wrong, [0, 1], { seed: 5 });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/χ²/);
  });
});

describe('vector samplers agree with their densities', () => {
  it('dirichlet: coordinate moments', () => {
    const alpha = [2, 3, 4];
    const a0 = 9;
    const r = checkVectorSimulator(getDistribution('dirichlet') as VectorDistribution, [Float64Array.from(alpha)], 3, {
      seed: 'dirichlet',
      mean: alpha.map((a) => a / a0),
      variance: alpha.map((a) => (a * (a0 - a)) / (a0 * a0 * (a0 + 1))),
    });
    expect(r.ok, r.message).toBe(true);
  });

  it('dirichlet with tiny concentrations (log-space draws, no 0/0)', () => {
    const alpha = [0.05, 0.1, 0.2];
    const a0 = 0.35;
    const r = checkVectorSimulator(getDistribution('dirichlet') as VectorDistribution, [Float64Array.from(alpha)], 3, {
      seed: 'dirichlet-small',
      mean: alpha.map((a) => a / a0),
      variance: alpha.map((a) => (a * (a0 - a)) / (a0 * a0 * (a0 + 1))),
    });
    expect(r.ok, r.message).toBe(true);
  });

  it('categorical_logit: χ² against softmax of the log odds', () => {
    const beta = [0.3, -1.2, 2.0, 0.0];
    const z = beta.reduce((s, v) => s + Math.exp(v), 0);
    const p = beta.map((v) => Math.exp(v) / z);
    const m = p.reduce((s, q, i) => s + q * (i + 1), 0);
    const m2 = p.reduce((s, q, i) => s + q * (i + 1) * (i + 1), 0);
    const r = checkVectorSimulator(getDistribution('categorical_logit') as VectorDistribution, [Float64Array.from(beta)], 1, {
      seed: 'categorical_logit', mean: [m], variance: [m2 - m * m],
    });
    expect(r.ok, r.message).toBe(true);
  });

  it('ordered_logistic: χ² against the category probabilities', () => {
    const eta = 0.4, cuts = [-1, 0.5, 2.2];
    const sig = (t: number) => 1 / (1 + Math.exp(-t));
    const ge = [1, ...cuts.map((c) => sig(eta - c)), 0];
    const p = [0, 1, 2, 3].map((i) => ge[i]! - ge[i + 1]!);
    const m = p.reduce((s, q, i) => s + q * (i + 1), 0);
    const m2 = p.reduce((s, q, i) => s + q * (i + 1) * (i + 1), 0);
    const r = checkVectorSimulator(getDistribution('ordered_logistic') as VectorDistribution, [Float64Array.of(eta), Float64Array.from(cuts)], 1, {
      seed: 'ordered_logistic', mean: [m], variance: [m2 - m * m],
    });
    expect(r.ok, r.message).toBe(true);
  });

  it('categorical: χ² against the probabilities', () => {
    const r = checkVectorSimulator(getDistribution('categorical') as VectorDistribution, [Float64Array.from([0.1, 0.6, 0, 0.3])], 1, {
      seed: 'categorical',
      mean: [0.1 + 1.2 + 1.2],
      variance: [0.1 + 2.4 + 4.8 - 2.5 * 2.5],
    });
    expect(r.ok, r.message).toBe(true);
  });

  const mu = Float64Array.from([1, -2, 0.5]);
  const sigma = Float64Array.from([2, 0.6, -0.3, 0.6, 1, 0.2, -0.3, 0.2, 0.5]);
  it('multi_normal: moments and Stein identities', () => {
    const r = checkVectorSimulator(getDistribution('multi_normal') as VectorDistribution, [mu, sigma], 3, {
      seed: 'mvn',
      mean: mu,
      variance: [2, 1, 0.5],
    });
    expect(r.ok, r.message).toBe(true);
  });

  it('multi_normal_prec: moments with precision Σ⁻¹ match Σ', () => {
    const L = new Float64Array(9);
    cholesky(sigma, 3, L);
    const omega = new Float64Array(9);
    choleskyInverse(L, 3, omega, new Float64Array(3));
    const r = checkVectorSimulator(getDistribution('multi_normal_prec') as VectorDistribution, [mu, omega], 3, {
      seed: 'mvnp',
      mean: mu,
      variance: [2, 1, 0.5],
    });
    expect(r.ok, r.message).toBe(true);
  });

  it('multi_normal_cholesky: moments and Stein identities', () => {
    const L = Float64Array.from([1.5, 0, 0, -0.4, 0.8, 0, 0.3, 0.2, 0.6]);
    const variance = [1.5 ** 2, 0.4 ** 2 + 0.8 ** 2, 0.3 ** 2 + 0.2 ** 2 + 0.6 ** 2];
    const r = checkVectorSimulator(getDistribution('multi_normal_cholesky') as VectorDistribution, [mu, L], 3, {
      seed: 'mvnc',
      mean: mu,
      variance,
    });
    expect(r.ok, r.message).toBe(true);
  });
});
