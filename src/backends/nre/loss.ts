/**
 * NRE's losses, on classifier logits d(θ, x) = log r̂(θ, x), r = p(x | θ)/p(x) = p(θ | x)/p(θ).
 *
 * NRE-A (Hermans, Begy & Louppe 2020): tell joint pairs (θ, x) ~ p(θ, x) from marginal pairs
 * (θ', x) ~ p(θ)p(x) (θ' taken from another row of the batch):
 *
 *   ℓ_A = ½ E_joint[−log σ(d(θ, x))] + ½ E_marginal[−log σ(−d(θ', x))],
 *
 * minimised by σ(d) = p(θ, x) / (p(θ, x) + p(θ)p(x)), i.e. d = log r exactly.
 *
 * NRE-B (Durkan, Murray & Papamakarios 2020): for each x, a set of K parameters, one from the joint
 * (index 0) and K − 1 from the marginal; cross-entropy of picking the joint one:
 *
 *   ℓ_B = E[−d(θ_0, x) + log Σ_{k<K} exp d(θ_k, x)],
 *
 * minimised by d = log r + c(x): the x-dependent constant cancels in the posterior p(θ)·exp(d).
 */
import { tf, type Batch } from '../../nn/index.js';
import type { DataEncoder } from '../amortized/index.js';
import { memberMean, memberOffsets, type RatioClassifier } from './estimator.js';
import type { NreConfig } from './trained.js';

/**
 * @param joint    (B) logits of joint pairs
 * @param marginal (B) logits of shuffled pairs
 */
export function bceLoss(joint: tf.Tensor1D, marginal: tf.Tensor1D): tf.Scalar {
  // −log σ(z) = softplus(−z); −log σ(−z) = softplus(z).
  return tf.tidy(() => tf.mul(0.5, tf.add(tf.mean(tf.softplus(tf.neg(joint))), tf.mean(tf.softplus(marginal)))) as tf.Scalar);
}

/** @param logits (B, K), column 0 the joint pair's logit. */
export function contrastiveLoss(logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [B] = logits.shape;
    const first = tf.reshape(tf.slice(logits, [0, 0], [B, 1]), [B]);
    return tf.mean(tf.sub(tf.logSumExp(logits, 1), first)) as tf.Scalar;
  });
}

/**
 * The training loss on a batch { u: ũ_θ (B, P), x: x (B, D) }: NRE-A or NRE-B by `config.variant`,
 * averaged over the ensemble's members.
 */
export function nreLoss(encoder: DataEncoder, classifier: RatioClassifier, config: NreConfig) {
  return (batch: Batch): tf.Scalar => tf.tidy(() => {
    const s = encoder.encode(batch['x'] as tf.Tensor2D);
    const u = batch['u'] as tf.Tensor2D;
    const B = u.shape[0];
    const negatives = config.variant === 'B' ? Math.min(config.classes, B) - 1 : 1;
    const losses = classifier.mlps.map((_, m) => {
      const logits = classifier.pairLogits(u, s, memberOffsets(m, negatives, B), m);
      if (config.variant === 'B') return contrastiveLoss(logits);
      const [joint, marginal] = tf.unstack(logits, 1) as [tf.Tensor1D, tf.Tensor1D];
      return bceLoss(joint, marginal);
    });
    return memberMean(losses);
  });
}
