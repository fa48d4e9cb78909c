/**
 * An elementwise invertible map x_d ↦ g(x_d; θ_d) whose per-coordinate parameters θ_d come from a
 * conditioner (coupling network or MADE). Coupling and autoregressive layers are generic over it;
 * the affine map (RealNVP/MAF) and the rational-quadratic spline (NSF) implement it.
 *
 * Shapes: x, y (B, D); params: one tensor (B, D, n_g) per parameter group g (`paramGroups` lists
 * the n_g, e.g. [1, 1] for shift and log-scale); logDeriv (B, D) = log g'(x_d). Groups arrive as
 * separate tensors (separate network heads) because slicing one packed tensor is slow on wasm.
 */
import type * as tf from '@tensorflow/tfjs';

export interface ElementwiseTransform {
  readonly paramGroups: readonly number[];
  forward(x: tf.Tensor2D, params: tf.Tensor3D[]): { y: tf.Tensor2D; logDeriv: tf.Tensor2D };
  inverse(y: tf.Tensor2D, params: tf.Tensor3D[]): tf.Tensor2D;
}
