/**
 * NLE's loss: the negative log-likelihood of simulated data under the flow,
 *
 *   ℓ(φ) = −(1/B) Σ_b log q_φ(x̃_b | ũ_b),
 *
 * where x̃ = standardised x (B, D) and ũ = standardised u_θ (B, P). Its expectation over the
 * simulator's joint is E_θ KL(p(x | θ) ‖ q_φ(x | θ)) + const, so the minimiser is the likelihood.
 * The standardisation's Jacobian is a constant and left out. An ensemble trains each member on it.
 */
import { tf, type Batch, type LossFn } from '../../nn/index.js';
import { trainingLogProbOf, type ConditionalDensityEstimator } from '../../nn/density/index.js';

/**
 * Reads the batch fields `x` (B, D) and `u` (B, P), both already standardised. A full-covariance
 * Gaussian `flow` evaluates through its own fast exact path (nn/density/whitened-gaussian.ts).
 */
export function nleLoss(flow: ConditionalDensityEstimator): LossFn {
  return (batch: Batch) => tf.tidy(() => tf.neg(tf.mean(trainingLogProbOf(flow, batch['x'] as tf.Tensor2D, batch['u'] as tf.Tensor2D))) as tf.Scalar);
}
