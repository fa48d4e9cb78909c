/**
 * What every trainable part of the neural engine is: a set of named tf.Variables (for the
 * optimiser, for save/load) plus a JSON config that rebuilds it. Networks additionally map a batch
 * of inputs to a batch of feature vectors.
 */
import type * as tf from '@tensorflow/tfjs';

/** A weight with a stable, path-like name ('dense0/W'); names are what save/load match on. */
export interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

/** Anything with trainable weights: networks here, density estimators in ../density. */
export interface Module {
  /** The trainable weights, in a fixed order, with names unique within the module. */
  weights(): NamedVariable[];
  /** Release the weights' memory. */
  dispose(): void;
}

export type Activation = 'relu' | 'tanh' | 'elu' | 'silu' | 'linear';

export interface MlpConfig {
  kind: 'mlp';
  inputDim: number;
  hidden: number[];
  outputDim: number;
  activation: Activation;
  /** Skip connections h ← h + act(W h + b) between hidden layers of equal width. */
  residual: boolean;
  /** Seed of the weight initialisation. */
  seed: number;
}

export interface DeepSetsConfig {
  kind: 'deepsets';
  /** Size of one replicate (d); input is (B, n, d) with any n ≥ 1. */
  replicateDim: number;
  /** Hidden widths of φ; φ's output width is `poolDim`. */
  phiHidden: number[];
  poolDim: number;
  /** Hidden widths of ρ. */
  rhoHidden: number[];
  outputDim: number;
  activation: Activation;
  /** Append log(n) to the pooled vector so ρ knows how much data it saw. */
  appendLogCount: boolean;
  seed: number;
}

export interface CnnConfig {
  kind: 'cnn';
  /** Per-example input (H, W, C). */
  height: number;
  width: number;
  channels: number;
  /** One 3×3 conv (same padding, ReLU) + 2×2 max-pool per entry. */
  convChannels: number[];
  /** Dense layers after flattening. */
  denseHidden: number[];
  outputDim: number;
  seed: number;
}

export type NetworkConfig = MlpConfig | DeepSetsConfig | CnnConfig;

export interface ApplyOptions {
  /** DeepSets only: (B, n) with 1 for a present replicate, 0 for padding (mixed counts in one batch). */
  mask?: tf.Tensor;
}

/** A network: (B, ...inputShape) → (B, outputDim). */
export interface Network extends Module {
  readonly config: NetworkConfig;
  /** Shape of one example (without the batch axis). */
  readonly inputShape: readonly number[];
  readonly outputDim: number;
  /**
   * Size of the last input axis: the features standardisation works on (MLP: inputDim,
   * DeepSets: d per replicate, CNN: channels).
   */
  readonly featureSize: number;
  apply(x: tf.Tensor, opts?: ApplyOptions): tf.Tensor2D;
}
