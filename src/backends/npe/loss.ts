/**
 * NPE's loss: the forward KL from the simulator's joint to the estimator, up to a constant,
 *
 *   L(φ) = E_{p(θ) p(x|θ)} [ −log q_φ(u_θ | x) ] ≈ −(1/B) Σ_b log q_φ(z_b | s_φ(x_b)) + const,
 *
 * minimised over simulated pairs; at the optimum q_φ(u_θ | x) = p(u_θ | x) for every x in the
 * prior predictive's support (Papamakarios & Murray 2016; Greenberg et al. 2019). The constant is
 * the standardisation's log-Jacobian, which does not depend on φ. An ensemble density trains each
 * member on this loss (its `trainingLogProb`), not the mixture.
 */
import { tf, type Batch, type LossFn } from '../../nn/index.js';
import type { NpeEstimator } from './estimator.js';

/** Batch fields: z (B, P) standardised u_θ, x (B, dataDim). */
export function npeLoss(estimator: NpeEstimator): LossFn {
  return (batch: Batch) =>
    tf.tidy(() => tf.neg(tf.mean(estimator.trainingLogProbStandardized(batch['z'] as tf.Tensor2D, batch['x'] as tf.Tensor2D))) as tf.Scalar);
}
