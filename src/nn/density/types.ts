/**
 * The contract every conditional density estimator q(y | c) implements.
 *
 * Training minimises the forward KL from the simulator's joint to q, i.e. the negative average
 * log-density  L = -(1/B) Σ_b log q(y_b | c_b)  over simulated pairs (y_b, c_b). For NPE, y = θ and
 * c = summary of x; for NLE, y = x and c = θ. The engine's trainer only needs `logProb` (to build
 * that loss) and `trainableVariables` (to step Adam), so an estimator is a plain object, not a layer.
 *
 * Conventions:
 *  - float32 throughout; y and c are expected roughly standardised (the engine standardises them).
 *  - `contextDim` may be 0 (unconditional density); pass a (B, 0) context or `null` then.
 *  - Shapes: y (B, D), context (B, C), logProb (B), sample (B, n, D): n draws for each context row.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Module, NamedVariable } from '../networks/types.js';

export type DensityKind =
  | 'diag-gaussian'
  | 'full-gaussian'
  | 'mdn'
  | 'affine-coupling'
  | 'maf'
  | 'spline-flow'
  | 'ensemble';

/** Plain-data form of an estimator: JSON-able config plus weights in `trainableVariables()` order. */
export interface DensitySpec<C = unknown> {
  kind: DensityKind;
  config: C;
  /** Absent: a freshly initialised estimator (from `config.seed`). */
  weights?: Float32Array[];
}

/**
 * Also a `Module` of the neural engine, so the trainer (`modules: [...]`) and save/load
 * (`weights()`, matched by name) take an estimator like any network.
 */
export interface ConditionalDensityEstimator extends Module {
  readonly kind: DensityKind;
  /** D, the dimension of y. */
  readonly dim: number;
  /** C, the dimension of the context (0 for an unconditional density). */
  readonly contextDim: number;
  /**
   * log q(y | c) in nats.
   * @param y (B, D)
   * @param context (B, C); `null` allowed when C = 0.
   * @returns (B)
   */
  logProb(y: tf.Tensor2D, context: tf.Tensor2D | null): tf.Tensor1D;
  /**
   * The per-row quantity training maximises, where it is not `logProb` (an ensemble trains each
   * member on its own likelihood, not the mixture's). Trainers call `trainingLogProbOf`.
   */
  trainingLogProb?(y: tf.Tensor2D, context: tf.Tensor2D | null): tf.Tensor1D;
  /**
   * n draws from q(· | c_b) for every row b of the context; deterministic in `seed`.
   * @param context (B, C); `null` means one unconditional batch (B = 1) when C = 0.
   * @returns (B, n, D)
   */
  sample(n: number, context: tf.Tensor2D | null, seed: number): tf.Tensor3D;
  /** The variables the trainer optimises, in the order `toSpec().weights` lists them. */
  trainableVariables(): tf.Variable[];
  /** The same variables with stable path-like names ('layer1/dense0/W'), same order. */
  weights(): NamedVariable[];
  /** Config plus a copy of the current weights. */
  toSpec(): DensitySpec;
  dispose(): void;
}

/** What training maximises for `q`: its `trainingLogProb` where it has one, else `logProb`. */
export function trainingLogProbOf(q: ConditionalDensityEstimator, y: tf.Tensor2D, context: tf.Tensor2D | null): tf.Tensor1D {
  return q.trainingLogProb ? q.trainingLogProb(y, context) : q.logProb(y, context);
}

/**
 * A normalising flow: an invertible map f_c from y to base noise z ~ N(0, I), with
 * log q(y | c) = log N(f_c(y); 0, I) + log |det ∂f_c/∂y|.
 */
export interface ConditionalFlow extends ConditionalDensityEstimator {
  /** y (B, D), context (B, C) → z (B, D) and log|det ∂z/∂y| (B). */
  forward(y: tf.Tensor2D, context: tf.Tensor2D | null): { z: tf.Tensor2D; logDet: tf.Tensor1D };
  /** z (B, D), context (B, C) → y (B, D) = f_c⁻¹(z). */
  inverse(z: tf.Tensor2D, context: tf.Tensor2D | null): tf.Tensor2D;
}

/** Fields every estimator's config shares. */
export interface BaseDensityConfig {
  dim: number;
  contextDim: number;
  /** Hidden layer widths of each conditioner network. */
  hidden: number[];
  activation?: 'relu' | 'tanh' | 'elu';
  /** Seed for weight initialisation. */
  seed: number;
}
