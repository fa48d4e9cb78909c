/**
 * NLE's loss: the negative log-likelihood of simulated data under the flow,
 *
 *   ℓ(φ) = −(1/B) Σ_b log q_φ(x̃_b | ũ_b),
 *
 * where x̃ = standardised x (B, D) and ũ = standardised u_θ (B, P). Its expectation over the
 * simulator's joint is E_θ KL(p(x | θ) ‖ q_φ(x | θ)) + const, so the minimiser is the likelihood.
 * The standardisation's Jacobian is a constant and left out.
 */
import { tf, type Batch, type LossFn } from '../../runtime/nn/index.js';
import type { ConditionalDensityEstimator } from '../../runtime/nn/density/index.js';

/**
 * Reads the batch fields `x` (B, D) and `u` (B, P), both already standardised. `flow` is the
 * density or anything with its `logProb` (the LikelihoodEstimator, which routes a full-covariance
 * Gaussian through its fast exact path).
 */
export function nleLoss(flow: Pick<ConditionalDensityEstimator, 'logProb'>): LossFn {
  return (batch: Batch) => tf.tidy(() => tf.neg(tf.mean(flow.logProb(batch['x'] as tf.Tensor2D, batch['u'] as tf.Tensor2D))) as tf.Scalar);
}
