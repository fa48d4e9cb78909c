/**
 * Gaussian conditional density estimators, q(y | c) = N(y; μ(c), Σ(c)):
 *
 *  - `DiagonalGaussian`: Σ = diag(σ(c)²), σ_d = 1 / (softplus(raw_d + log(e − 1)) + 1e-3);
 *  - `FullGaussian`: Σ⁻¹ = W(c)ᵀ W(c), W lower-triangular with softplus-positive diagonal and a
 *    free strictly-lower part (constant mask), i.e. W is the inverse Cholesky factor of Σ.
 *
 *   log q(y | c) = −½‖W(y − μ)‖² − (D/2) log 2π + Σ_d log W_dd
 *
 * Both are a one-component mixture (mdn.ts / gaussian-head.ts hold the arithmetic). The full one
 * evaluates its density through ./whitened-gaussian.ts: the same function without forming the
 * D × D factor per row, which dominates everything else at D in the hundreds.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BaseDensityConfig, DensitySpec } from './types.js';
import { GaussianMixtureEstimator } from './mdn.js';
import { checkInputs } from './common.js';
import { WhitenedGaussian } from './whitened-gaussian.js';

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
  /** The fast exact evaluator over this estimator's own weights. */
  readonly whitened: WhitenedGaussian;

  constructor(config: GaussianConfig) {
    super('full-gaussian', config, 1, 'full');
    this.whitened = new WhitenedGaussian(this, config.activation ?? 'relu');
  }

  override logProb(y: tf.Tensor2D, context: tf.Tensor2D | null): tf.Tensor1D {
    // Without a context the network is a bias alone: nothing to gain, and the generic path is exact.
    if (this.contextDim === 0 || context === null) return super.logProb(y, context);
    checkInputs(this.kind, this.dim, this.contextDim, y, context);
    return this.whitened.logProb(y, context);
  }

  override dispose(): void {
    this.whitened.dispose();
    super.dispose();
  }

  static fromSpec(spec: DensitySpec<GaussianConfig>): FullGaussian {
    return new FullGaussian(spec.config).loadWeights(spec.weights);
  }
}
