/**
 * An elementwise invertible map x_d ↦ g(x_d; θ_d) whose per-coordinate parameters θ_d come from a
 * conditioner (coupling network or MADE). Coupling and autoregressive layers are generic over it;
 * the affine map (RealNVP/MAF) and the rational-quadratic spline (NSF) implement it.
 *
 * Shapes: x, y (B, D); params: one tensor (B, D, n_g) per parameter group g (`paramGroups` lists
 * the n_g, e.g. [1, 1] for shift and log-scale); logDeriv (B, D) = log g'(x_d). Groups arrive as
 * separate tensors (separate network heads) because slicing one packed tensor is slow on wasm.
 *
 * `active` (length D, optional): coordinates d with active[d] = 0 are outputs the caller discards
 * (a coupling layer's kept half). A transform may skip them, returning y = x and log g' = 0 there;
 * either way the caller's mask gives them no gradient.
 */
import type * as tf from '@tensorflow/tfjs';

export interface ElementwiseTransform {
  readonly paramGroups: readonly number[];
  forward(x: tf.Tensor2D, params: tf.Tensor3D[], active?: Float32Array): { y: tf.Tensor2D; logDeriv: tf.Tensor2D };
  inverse(y: tf.Tensor2D, params: tf.Tensor3D[], active?: Float32Array): tf.Tensor2D;
}
