/**
 * Gaussian conditional density estimators, q(y | c) = N(y; μ(c), Σ(c)):
 *
 *  - `DiagonalGaussian`: Σ = diag(σ(c)²), σ_d = 1 / (softplus(raw_d + log(e − 1)) + 1e-3);
 *  - `FullGaussian`: Σ⁻¹ = W(c)ᵀ W(c), W lower-triangular with softplus-positive diagonal and a
 *    free strictly-lower part (constant mask), i.e. W is the inverse Cholesky factor of Σ.
 *
 *   log q(y | c) = −½‖W(y − μ)‖² − (D/2) log 2π + Σ_d log W_dd
 *
 * Both are a one-component mixture (mdn.ts / gaussian-head.ts hold the arithmetic).
 */
import type { BaseDensityConfig, DensitySpec } from './types.js';
import { GaussianMixtureEstimator } from './mdn.js';

export type GaussianConfig = BaseDensityConfig;

export const GAUSSIAN_DEFAULTS = { hidden: [64, 64] };

export class DiagonalGaussian extends GaussianMixtureEstimator<GaussianConfig> {
  constructor(config: GaussianConfig) {
    super('diag-gaussian', config, 1, 'diag');
  }

  static fromSpec(spec: DensitySpec<GaussianConfig>): DiagonalGaussian {
    return new DiagonalGaussian(spec.config).loadWeights(spec.weights);
  }
}

export class FullGaussian extends GaussianMixtureEstimator<GaussianConfig> {
  constructor(config: GaussianConfig) {
    super('full-gaussian', config, 1, 'full');
  }

  static fromSpec(spec: DensitySpec<GaussianConfig>): FullGaussian {
    return new FullGaussian(spec.config).loadWeights(spec.weights);
  }
}
