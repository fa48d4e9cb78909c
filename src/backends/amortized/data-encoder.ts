/**
 * Data → network input: the map s(x) from one flattened data set x (dataDim) to the context
 * vector (C) that the density estimator / point head conditions on,
 *
 *   s(x) = net((x − m) / sd)          (a summary network on standardised data), or
 *   s(x) = (x − m) / sd               ('identity': low-dimensional flat data, as sbi does).
 *
 * The network is chosen from the model's data shapes by the engine's `summaryNetworkFor` (MLP for
 * vectors, DeepSets for n × d replicates, CNN for fields), unless the user gives one. The default
 * ('auto') uses 'identity' for flat data of at most 32 numbers: a learned summary adds nothing there.
 * Standardisation statistics come from the training set and are saved with the weights.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import {
  Standardizer, StandardizedNetwork, summaryConfigFor, buildNetwork, tf,
  type Module, type NamedVariable, type NetworkConfig, type StandardizerJSON, type SummaryNetworkOptions,
} from '../../nn/index.js';

/** How to summarise the data: 'auto' (default), 'identity', engine options, or a full network config. */
export type SummaryOption = 'auto' | 'identity' | SummaryNetworkOptions | { config: NetworkConfig };

export interface DataEncoderJSON {
  /** Shape one data set is reshaped to before the network (without the batch axis). */
  exampleShape: number[];
  /** The summary network's config; absent for 'identity'. */
  network?: NetworkConfig;
  standardizer: StandardizerJSON;
}

/** Largest flat data set that 'auto' passes through without a summary network. */
export const IDENTITY_MAX_DIM = 32;

/** The shape of one data set as the summary network sees it (a single structured node keeps its shape). */
export function dataShapeOf(model: CompiledModel): number[] {
  const nodes = model.data;
  if (nodes.length === 1 && nodes[0]!.shape.length >= 2) return [...nodes[0]!.shape];
  return [model.dataDim];
}

/** Resolve the summary choice to a network config (null: identity). */
export function summaryConfig(model: CompiledModel, option: SummaryOption = 'auto', seed = 1): NetworkConfig | null {
  if (option === 'identity') return null;
  if (typeof option === 'object' && 'config' in option) return option.config;
  const shape = dataShapeOf(model);
  if (option === 'auto') {
    if (shape.length === 1 && model.dataDim <= IDENTITY_MAX_DIM) return null;
    const outputDim = Math.min(64, Math.max(8, 2 * model.params.reduce((s, p) => s + p.size, 0)));
    return summaryConfigFor(shape, { outputDim, seed });
  }
  return summaryConfigFor(shape, { seed, ...option });
}

/** One data set's shape as fed to a network with this config. */
function exampleShapeFor(model: CompiledModel, config: NetworkConfig | null): number[] {
  if (config === null) return [model.dataDim];
  switch (config.kind) {
    case 'mlp': return [config.inputDim];
    case 'deepsets': return [model.dataDim / config.replicateDim, config.replicateDim];
    case 'cnn': return [config.height, config.width, config.channels];
  }
}

export class DataEncoder implements Module {
  /** C, the width of s(x). */
  readonly outputDim: number;

  private constructor(
    readonly exampleShape: number[],
    readonly standardizer: Standardizer,
    readonly network: StandardizedNetwork | null,
  ) {
    this.outputDim = network ? network.outputDim : exampleShape.reduce((a, b) => a * b, 1);
  }

  /** Build for `model` and fit the standardisation to training data x (N × dataDim). */
  static fit(model: CompiledModel, x: Float64Array, option: SummaryOption = 'auto', seed = 1): DataEncoder {
    const config = summaryConfig(model, option, seed);
    const shape = exampleShapeFor(model, config);
    if (shape.reduce((a, b) => a * b, 1) !== model.dataDim) {
      throw new Error(`summary network expects ${shape.join(' × ')} numbers per data set; the model's data has ${model.dataDim}`);
    }
    if (config === null) return new DataEncoder(shape, Standardizer.fit(x, model.dataDim), null);
    const net = StandardizedNetwork.fit(buildNetwork(config), x);
    return new DataEncoder(shape, net.input, net);
  }

  static fromJSON(j: DataEncoderJSON): DataEncoder {
    const standardizer = Standardizer.fromJSON(j.standardizer);
    const net = j.network ? new StandardizedNetwork(buildNetwork(j.network), standardizer) : null;
    return new DataEncoder(j.exampleShape, standardizer, net);
  }

  /** x (B, dataDim) flattened data sets → s(x) (B, C). */
  encode(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      if (this.network === null) return this.standardizer.apply(x) as tf.Tensor2D;
      const shaped = tf.reshape(x, [x.shape[0], ...this.exampleShape]);
      return this.network.apply(shaped);
    });
  }

  /** Flat data sets (each dataDim) → one (B, dataDim) float32 tensor. Caller disposes. */
  static stack(xs: Float64Array[], dataDim: number): tf.Tensor2D {
    const buf = new Float32Array(xs.length * dataDim);
    xs.forEach((x, i) => buf.set(x, i * dataDim));
    return tf.tensor2d(buf, [xs.length, dataDim]);
  }

  weights(): NamedVariable[] {
    return this.network ? this.network.weights() : [];
  }

  toJSON(): DataEncoderJSON {
    const j: DataEncoderJSON = { exampleShape: this.exampleShape, standardizer: this.standardizer.toJSON() };
    if (this.network) j.network = this.network.config;
    return j;
  }

  dispose(): void {
    if (this.network) this.network.dispose();
    else this.standardizer.dispose();
  }
}
