/**
 * The neural engine: backend selection (with wasm kernel fixes), networks, standardisation,
 * training loop, save/load. Conditional density estimators live in ./density.
 */
export { initNeuralBackend, activeNeuralBackend, tf } from './backend.js';
export type { NeuralBackendName, NeuralBackendOptions, NeuralBackendInfo } from './backend.js';
export { registerKernelFixes, removeKernelFixes, activeKernelFixes } from './kernels/index.js';
export type { KernelFixOptions } from './kernels/index.js';

export type {
  Activation, ApplyOptions, CnnConfig, DeepSetsConfig, MlpConfig, Module, NamedVariable, Network, NetworkConfig,
} from './networks/types.js';
export { Mlp, mlpConfig } from './networks/mlp.js';
export type { MlpOptions } from './networks/mlp.js';
export { DeepSets, deepSetsConfig } from './networks/deepsets.js';
export type { DeepSetsOptions } from './networks/deepsets.js';
export { Cnn, cnnConfig } from './networks/cnn.js';
export type { CnnOptions } from './networks/cnn.js';
export { summaryNetworkFor, summaryConfigFor, summaryKindFor, buildNetwork } from './networks/select.js';
export type { SummaryKind, SummaryNetworkOptions } from './networks/select.js';
export { dense, denseParams, namedDense, initWeight, zeros, activate, uniformStream } from './networks/init.js';
export type { DenseParams } from './networks/init.js';

export { Standardizer } from './standardize.js';
export type { StandardizerJSON } from './standardize.js';

export { train, evaluateLoss, collectVariables } from './train/train.js';
export type { TrainOptions, TrainResult, EpochRecord, StopReason, LossFn, SimulateFn } from './train/train.js';
export {
  countExamples, dropNonFinite, makeBatch, disposeBatch, selectRows, splitValidation, permutation, NonFiniteSimulationError,
} from './train/data.js';
export type { Field, TrainArrays, Batch, DropResult } from './train/data.js';
export { HostAdam } from './train/adam.js';
export type { AdamOptions, StepInfo } from './train/adam.js';
export { LearningRateSchedule } from './train/schedule.js';
export type { ScheduleKind, ScheduleOptions } from './train/schedule.js';
export { startSimulator, epochSeed } from './train/simulator.js';
export type { PortableSimulator, Simulator, SeededSimulateFn } from './train/simulator.js';

export { saveBundle, loadBundle, writeSerialized, BundleMismatchError } from './io/save.js';
export { assignWeights } from './io/assign.js';
export { serializeBundle, deserializeBundle, bundleToBytes, bundleFromBytes } from './io/bytes.js';
export type { SaveBundleInput, LoadOptions, LoadedBundle, SerializedBundle } from './io/bytes.js';
export { FormatError } from './io/format-error.js';
export { SaveError } from './io/atomic.js';
export { FORMAT_VERSION, LIMITS as SAVE_LIMITS } from './io/format.js';
export { libraryVersion } from './io/library-version.js';
export type { Manifest, WeightEntry, WeightsSpec } from './io/format.js';
export type { AtomicWriteHooks, SaveStage } from './io/atomic.js';
export { StandardizedNetwork } from './networks/standardized.js';
export type { StandardizedNetworkJSON } from './networks/standardized.js';

// Conditional density estimators (written in ./density on top of this engine), so the amortized
// backends import the whole neural engine from one place.
export * from './density/index.js';
