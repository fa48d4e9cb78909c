/**
 * Problems with exact posteriors that are NOT sbibm tasks and were not used to set any default:
 * the validation suite (./exact.ts) and the fast test tier measure every backend on them by the
 * posterior sd ratio (learned / exact) and the z-score of the posterior mean, (mean − exact mean) /
 * exact sd, per parameter, over several data sets drawn from the prior predictive.
 *
 * - normal-mean:     μ ~ N(0, 3), y₁..₅ ~ N(μ, 1)                 ⇒ μ | y ~ N(Σy / (1/9 + 5), 1 / (1/9 + 5))
 * - beta-binomial:   p ~ Beta(2, 2), k ~ Binomial(20, p)          ⇒ p | k ~ Beta(2 + k, 22 − k)
 * - gamma-poisson:   λ ~ Gamma(2, 1) (shape, rate), y₁..₁₀ ~ Poisson(λ) ⇒ λ | y ~ Gamma(2 + Σy, 11)
 * - linear-regression: β ~ N(0, 2² I₃), y = Xβ + N(0, 0.5² I₈), X fixed ⇒ Gaussian, Λ = I/4 + XᵀX/0.25
 * - correlated-mvn:  θ ~ N(0, Σ), Σ = [[1, .8], [.8, 1]], x ~ N(θ, 0.5² I₂) ⇒ Λ = Σ⁻¹ + 4I, m = Λ⁻¹·4x
 */
import { model } from '../../src/lang/dsl.js';
import type { Model } from '../../src/lang/model.js';

export interface ExactPosterior {
  mean: number[];
  sd: number[];
}

export interface ExactProblem {
  name: string;
  model: Model;
  /** The data object for infer from a flat simulated row. */
  toData(row: Float64Array): Record<string, unknown>;
  /** Exact posterior mean and sd per parameter coordinate (constrained θ), from the same flat row. */
  exact(row: Float64Array): ExactPosterior;
  /** Whether the data are integer-valued (NLE dequantises them). */
  integerData: boolean;
}

const sum = (r: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < r.length; i++) s += r[i]!; return s; };

/** A fixed design: intercept, a trend and a bounded wiggle, 8 rows (no randomness). */
const X: number[][] = Array.from({ length: 8 }, (_, i) => [1, (i - 3.5) / 2.3, Math.sin(i)]);

/** Gaussian posterior of β for y = Xβ + ε, β ~ N(0, τ² I), ε ~ N(0, σ² I). */
function gaussianLinearPosterior(Xm: number[][], y: ArrayLike<number>, tau: number, sigma: number): ExactPosterior {
  const p = Xm[0]!.length;
  const A = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => (a === b ? 1 / (tau * tau) : 0) + Xm.reduce((s, r) => s + r[a]! * r[b]!, 0) / (sigma * sigma)));
  const rhs = Array.from({ length: p }, (_, a) => Xm.reduce((s, r, i) => s + r[a]! * y[i]!, 0) / (sigma * sigma));
  const cov = invert(A);
  return { mean: cov.map((row) => row.reduce((s, v, b) => s + v * rhs[b]!, 0)), sd: cov.map((row, a) => Math.sqrt(row[a]!)) };
}

/** Gauss–Jordan inverse of a small symmetric positive definite matrix. */
function invert(A: number[][]): number[][] {
  const n = A.length;
  const M = A.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const piv = M[c]![c]!;
    for (let j = 0; j < 2 * n; j++) M[c]![j]! /= piv;
    for (let r = 0; r < n; r++) if (r !== c) { const f = M[r]![c]!; for (let j = 0; j < 2 * n; j++) M[r]![j]! -= f * M[c]![j]!; }
  }
  return M.map((r) => r.slice(n));
}

const betaMoments = (a: number, b: number): ExactPosterior => ({ mean: [a / (a + b)], sd: [Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)))] });

const SIGMA = [[1, 0.8], [0.8, 1]];

export const EXACT_PROBLEMS: ExactProblem[] = [
  {
    name: 'normal-mean',
    model: model`
      param mu ~ normal(0, 3)
      data y: vector[5] ~ normal(mu, 1)
    `,
    toData: (r) => ({ y: Array.from(r) }),
    exact: (r) => { const prec = 1 / 9 + 5; return { mean: [sum(r) / prec], sd: [Math.sqrt(1 / prec)] }; },
    integerData: false,
  },
  {
    name: 'beta-binomial',
    model: model`
      param p ~ beta(2, 2)
      data k: int ~ binomial(20, p)
    `,
    toData: (r) => ({ k: r[0]! }),
    exact: (r) => betaMoments(2 + r[0]!, 2 + 20 - r[0]!),
    integerData: true,
  },
  {
    name: 'gamma-poisson',
    model: model`
      param lambda ~ gamma(2, 1)
      data y: int[10] ~ poisson(lambda)
    `,
    toData: (r) => ({ y: Array.from(r) }),
    exact: (r) => { const a = 2 + sum(r), b = 1 + 10; return { mean: [a / b], sd: [Math.sqrt(a) / b] }; },
    integerData: true,
  },
  {
    name: 'linear-regression',
    model: model`
      param beta: vector[3] ~ normal(0, 2)
      data y: vector[8] ~ normal(${X} * beta, 0.5)
    `,
    toData: (r) => ({ y: Array.from(r) }),
    exact: (r) => gaussianLinearPosterior(X, r, 2, 0.5),
    integerData: false,
  },
  {
    name: 'correlated-mvn',
    model: model`
      param theta: vector[2] ~ multi_normal([0, 0], ${SIGMA})
      data x: vector[2] ~ normal(theta, 0.5)
    `,
    toData: (r) => ({ x: Array.from(r) }),
    exact: (r) => {
      // Λ = Σ⁻¹ + 4I, mean = Λ⁻¹ (4x)
      const Si = invert(SIGMA);
      const L = Si.map((row, i) => row.map((v, j) => v + (i === j ? 4 : 0)));
      const C = invert(L);
      return { mean: C.map((row) => row[0]! * 4 * r[0]! + row[1]! * 4 * r[1]!), sd: C.map((row, i) => Math.sqrt(row[i]!)) };
    },
    integerData: false,
  },
];
