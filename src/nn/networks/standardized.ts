/**
 * A network with its input standardisation attached: apply(x) = net.apply((x − mean) / std).
 * The statistics come from the training set (Standardizer.fit) and travel with the network in
 * `toJSON()` so a saved estimator standardises new data exactly as during training.
 */
import type * as tf from '@tensorflow/tfjs';
import { Standardizer, type StandardizerJSON } from '../standardize.js';
import { buildNetwork } from './select.js';
import type { ApplyOptions, Network, NetworkConfig, NamedVariable } from './types.js';

export interface StandardizedNetworkJSON {
  network: NetworkConfig;
  input: StandardizerJSON;
}

export class StandardizedNetwork implements Network {
  constructor(readonly network: Network, readonly input: Standardizer) {
    if (input.featureSize !== network.featureSize) {
      throw new Error(`standardiser has ${input.featureSize} features, the network's last input axis has ${network.featureSize}`);
    }
  }

  /** Fit the standardiser to training inputs `x` (N examples, flat) and attach it. */
  static fit(network: Network, x: ArrayLike<number>): StandardizedNetwork {
    return new StandardizedNetwork(network, Standardizer.fit(x, network.featureSize));
  }

  /** Rebuild (fresh weights from the config's seed; load saved weights with assignWeights). */
  static fromJSON(j: StandardizedNetworkJSON): StandardizedNetwork {
    return new StandardizedNetwork(buildNetwork(j.network), Standardizer.fromJSON(j.input));
  }

  get config(): NetworkConfig { return this.network.config; }
  get inputShape(): readonly number[] { return this.network.inputShape; }
  get outputDim(): number { return this.network.outputDim; }
  get featureSize(): number { return this.network.featureSize; }

  /** x: (B, ...inputShape) on the original scale → (B, outputDim). */
  apply(x: tf.Tensor, opts?: ApplyOptions): tf.Tensor2D {
    const z = this.input.apply(x);
    try {
      return this.network.apply(z, opts);
    } finally {
      z.dispose();
    }
  }

  weights(): NamedVariable[] { return this.network.weights(); }

  toJSON(): StandardizedNetworkJSON {
    return { network: this.network.config, input: this.input.toJSON() };
  }

  dispose(): void {
    this.network.dispose();
    this.input.dispose();
  }
}
