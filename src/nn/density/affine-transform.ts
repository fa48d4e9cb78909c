/**
 * Elementwise affine map with a bounded log-scale (the building block of RealNVP and MAF):
 *
 *   s = S tanh(ŝ / S),   y = x · exp(s) + t,   log g'(x) = s,   x = (y − t) · exp(−s)
 *
 * params: ŝ (B, D, 1) and t (B, D, 1). Bounding s to (−S, S) keeps one layer from scaling by more than e^S,
 * which stops early training from diverging.
 */
import * as tf from '@tensorflow/tfjs';
import type { ElementwiseTransform } from './elementwise.js';

export class AffineTransform implements ElementwiseTransform {
  readonly paramGroups = [1, 1] as const;
  constructor(private readonly scaleBound: number) {}

  private split(params: tf.Tensor3D[]): { s: tf.Tensor2D; t: tf.Tensor2D } {
    const [sRaw, t] = params as [tf.Tensor3D, tf.Tensor3D];
    const [b, d] = sRaw.shape;
    const s = tf.mul(tf.tanh(tf.div(sRaw, this.scaleBound)), this.scaleBound);
    return { s: tf.reshape(s, [b, d]), t: tf.reshape(t, [b, d]) };
  }

  forward(x: tf.Tensor2D, params: tf.Tensor3D[]): { y: tf.Tensor2D; logDeriv: tf.Tensor2D } {
    return tf.tidy(() => {
      const { s, t } = this.split(params);
      return { y: tf.add(tf.mul(x, tf.exp(s)), t), logDeriv: s };
    });
  }

  inverse(y: tf.Tensor2D, params: tf.Tensor3D[]): tf.Tensor2D {
    return tf.tidy(() => {
      const { s, t } = this.split(params);
      return tf.mul(tf.sub(y, t), tf.exp(tf.neg(s)));
    });
  }
}
