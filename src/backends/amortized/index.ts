/**
 * The shared core of the amortized backends (NPE, NBE, NLE, NRE). Each backend builds on it as:
 *
 *   export function npe(opts) { return new NpeBackend(opts); }          // an AmortizedBackend
 *   class NpeBackend extends AmortizedBackend<Npe> {
 *     async train(model, opts) {
 *       const m = compileFor(model, opts.inputs);                       // Model | CompiledModel
 *       const o = withDefaults(this.defaults, opts);
 *       const set = await trainingSetFor(m, o);                         // (u_θ, θ, x) pairs, non-finite dropped
 *       const encoder = DataEncoder.fit(m, set.x, o.summary);           // s(x): summary net or identity
 *       ... build the head, the loss (batch → scalar), the TrainArrays fields it reads ...
 *       const record = await fit({ modules: [encoder, head], loss, data, set, opts: o, defaults });
 *       return new Npe(m.fingerprint, ..., encoder, head, record);
 *     }
 *     load(dir, opts) { const b = await readEstimatorBundle(dir, 'npe', opts); ...rebuild; assignWeights(...) }
 *   }
 *   class Npe extends TrainedEstimator<Config> { estimatorConfig(); headModules(); posteriors(model, xs, opts) }
 *
 * Pieces:
 * - ParamBlock (param-block.ts): u_θ = the param block of u (P = paramUnconstrainedDim) ↔ θ, with
 *   log|det ∂θ/∂u_θ| and the param-block prior; falls back to the params' bijectors while the
 *   compiler's param-block API is missing.
 * - simulateTrainingSet / trainingSetFor: N pairs { u (N,P), theta (N,dim), x (N,dataDim) },
 *   progress phase 'simulate', non-finite pairs dropped and counted.
 * - DataEncoder: flat x (B, dataDim) → s(x) (B, C); 'auto' = identity (standardised) for flat data
 *   ≤ 32 numbers, else the engine's summaryNetworkFor(data shape); user override via SummaryOption.
 * - fit: the engine's `train` with the common options, returning a TrainingRecord.
 * - TrainedEstimator: infer-compatible Backend; refuses another model's fingerprint
 *   (InferenceError); save(dir) writes { amortizedVersion, paramDim, dataDim, encoder, estimator }
 *   as the bundle config, plus normalization and the TrainingRecord.
 * - readEstimatorBundle(dir, kind, { model }): reads a save, refusing another kind/model/version.
 * - AmortizedBackend: the untrained value; infer() with it trains first and says so.
 * - posteriorFromUnconstrainedDraws: (n, P) draws of u_θ → Posterior in constrained θ.
 * - calibrate (calibration.ts): `estimator.calibrate(opts)` → CalibrationReport on fresh
 *   simulations (SBC + coverage + TARP from draws; quantile calibration for NBE), kept in
 *   `estimator.calibration` and saved in the manifest (config.calibration).
 * - OOD (ood.ts): at train time the encoded training data's mean/sd/correlation and a conformal
 *   threshold from fresh prior-predictive simulations (config.ood); `run` warns per data set
 *   beyond it.
 * - finishTraining / restoreSaved (lifecycle.ts): the last line of every backend's train / load.
 */
export { ParamBlock } from './param-block.js';
export { simulateTrainingSet, DEFAULT_MAX_FAULT_FRACTION, MAX_FAULT_EXAMPLES, type TrainingSet, type SimulateOptions, type SimulationFaults } from './training-set.js';
export {
  DataEncoder, dataShapeOf, summaryConfig, IDENTITY_MAX_DIM, type DataEncoderJSON, type SummaryOption,
} from './data-encoder.js';
export { checkEnsembleSize, compileFor, trainingSummary, withDefaults, type AmortizedTrainOptions, type TrainingRecord } from './train-options.js';
export { fit, trainingSetFor, type FitArgs } from './fit.js';
export { TrainedEstimator } from './trained-estimator.js';
export { AmortizedBackend } from './amortized-backend.js';
export {
  readEstimatorBundle, AMORTIZED_CONFIG_VERSION, type AmortizedConfig, type EstimatorSource, type LoadEstimatorOptions,
} from './bundle.js';
export { posteriorFromUnconstrainedDraws, type DrawsPosteriorInit } from './posterior-draws.js';
export { runCalibration, calibrationSampler, CALIBRATE_DEFAULTS, type CalibrateOptions, type CalibrationTarget } from './calibration.js';
export {
  fitOodReference, oodDistances, oodDistancesEncoded, oodWarning, encodeRows, MAX_FULL_DIM,
  type OodOptions, type OodReference,
} from './ood.js';
export { finishTraining, restoreSaved } from './lifecycle.js';
