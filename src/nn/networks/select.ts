/**
 * Choosing a summary network from the shape of one data set, and rebuilding a network from its
 * saved config.
 *
 * Rules (override with `kind`):
 *   []  or [d]                         → MLP
 *   [n, d] with n ≥ 8 and d ≥ 8        → CNN (a 2-D field, one channel)
 *   [n, d] otherwise                   → DeepSets over the n rows (i.i.d. replicates of size d)
 *   [H, W, C]                          → CNN with C channels
 */
import { Cnn, cnnConfig } from './cnn.js';
import { DeepSets, deepSetsConfig } from './deepsets.js';
import { Mlp, mlpConfig } from './mlp.js';
import type { Activation, Network, NetworkConfig } from './types.js';

export type SummaryKind = 'mlp' | 'deepsets' | 'cnn';

export interface SummaryNetworkOptions {
  /** Width of the summary vector (default: 8, or more for large inputs). */
  outputDim?: number;
  /** Force a network family instead of inferring it from the shape. */
  kind?: SummaryKind;
  /** Hidden width used by the defaults (default 64). */
  width?: number;
  activation?: Activation;
  seed?: number;
}

/** The network family for data of one data set's shape (see the rules above). */
export function summaryKindFor(dataShape: readonly number[]): SummaryKind {
  if (dataShape.length <= 1) return 'mlp';
  if (dataShape.length === 2) return dataShape[0]! >= 8 && dataShape[1]! >= 8 ? 'cnn' : 'deepsets';
  if (dataShape.length === 3) return 'cnn';
  throw new Error(`no summary network for data of rank ${dataShape.length} (shape [${dataShape.join(', ')}]); flatten it or pass kind`);
}

/** The config of the summary network for `dataShape` (per data set, without the batch axis). */
export function summaryConfigFor(dataShape: readonly number[], opts: SummaryNetworkOptions = {}): NetworkConfig {
  const kind = opts.kind ?? summaryKindFor(dataShape);
  const size = dataShape.reduce((a, b) => a * b, 1);
  const outputDim = opts.outputDim ?? 8;
  const width = opts.width ?? 64;
  const seed = opts.seed ?? 1;
  switch (kind) {
    case 'mlp':
      return mlpConfig({ inputDim: size, outputDim, hidden: [width, width], activation: opts.activation ?? 'relu', seed });
    case 'deepsets': {
      const d = dataShape.length === 2 ? dataShape[1]! : 1;
      return deepSetsConfig({ replicateDim: d, outputDim, phiHidden: [width], poolDim: width, rhoHidden: [width], activation: opts.activation ?? 'relu', seed });
    }
    case 'cnn': {
      if (dataShape.length < 2) throw new Error(`a CNN needs 2-D data, got shape [${dataShape.join(', ')}]`);
      return cnnConfig({ height: dataShape[0]!, width: dataShape[1]!, channels: dataShape[2] ?? 1, outputDim, denseHidden: [width], seed });
    }
  }
}

/** Build a network from a config (fresh weights from its seed). */
export function buildNetwork(config: NetworkConfig): Network {
  switch (config.kind) {
    case 'mlp': return new Mlp(config);
    case 'deepsets': return new DeepSets(config);
    case 'cnn': return new Cnn(config);
  }
}

/** The summary network for data of shape `dataShape` (per data set), chosen by the rules above. */
export function summaryNetworkFor(dataShape: readonly number[], opts: SummaryNetworkOptions = {}): Network {
  return buildNetwork(summaryConfigFor(dataShape, opts));
}
