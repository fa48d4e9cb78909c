/**
 * NBE's loss: the empirical Bayes risk of each estimator over simulated pairs,
 *
 *   R(φ) = E_{p(θ) p(x|θ)} [ L(θ, θ̂_φ(x)) ],
 *
 * whose minimiser is the Bayes estimator for every x (Sainsbury-Dale et al. 2024):
 *   squared error   L = Σ_j (θ̂_j − θ_j)²                  → posterior mean
 *   absolute error  L = Σ_j |θ̂_j − θ_j|                    → posterior median
 *   pinball         L = Σ_k Σ_j ρ_τk(v_j − q_kj),  ρ_τ(r) = max(τ r, (τ − 1) r)  → τ_k-quantiles
 * The estimators share the network and the total loss is the sum; each term is minimised by its
 * own Bayes estimator, so joint training targets all of them at once. All on standardised scales.
 */
import { tf, type Batch, type LossFn } from '../../nn/index.js';
import type { NbeEstimator } from './estimator.js';

/** ρ_τ summed over the quantile space and levels, averaged over the batch. q (B, K, Q), v (B, Q). */
export function pinballLoss(q: tf.Tensor3D, v: tf.Tensor2D, levels: number[]): tf.Scalar {
  return tf.tidy(() => {
    const tau = tf.reshape(tf.tensor1d(levels), [1, levels.length, 1]);
    const r = tf.sub(tf.expandDims(v, 1), q); // (B, K, Q)
    const loss = tf.maximum(tf.mul(tau, r), tf.mul(tf.sub(tau, 1), r));
    return tf.mean(tf.sum(loss, [1, 2])) as tf.Scalar;
  });
}

/** Batch fields: t (B, D) standardised θ; v (B, Q) standardised quantile space; x (B, dataDim). */
export function nbeLoss(estimator: NbeEstimator): LossFn {
  const { levels } = estimator.config;
  return (batch: Batch) =>
    tf.tidy(() => {
      const out = estimator.apply(batch['x'] as tf.Tensor2D);
      const t = batch['t'] as tf.Tensor2D;
      let total = tf.scalar(0);
      if (out.mean) total = tf.add(total, tf.mean(tf.sum(tf.square(tf.sub(out.mean, t)), 1)));
      if (out.median) total = tf.add(total, tf.mean(tf.sum(tf.abs(tf.sub(out.median, t)), 1)));
      if (out.quantiles) total = tf.add(total, pinballLoss(out.quantiles, batch['v'] as tf.Tensor2D, levels));
      return total as tf.Scalar;
    });
}
