/**
 * amortize — probabilistic programming with amortized inference.
 *
 * Write a model once (tagged-template DSL or builder), then infer with exact-likelihood MCMC or
 * with neural estimators trained once on simulations and applied to any data set in milliseconds.
 * This file is the public API and nothing else.
 */

// Models: the DSL, the builder (same IR), and what they compile to.
export { model, modelFromSource, modelFromIR, type LangModel } from './lang/dsl.js';
export type { Model } from './lang/model.js';
export type { CompiledModel, VariableInfo, Inputs } from './lang/compiled-model.js';
export { posteriorPredictive, type PredictiveDraws } from './lang/predictive.js';
export type { ModelIR } from './lang/ir.js';
export * as builder from './lang/builder.js';
export {
  normal, lognormal, uniform, halfNormal, halfCauchy, cauchy, studentT, exponential, gamma, invGamma, beta,
  bernoulli, binomial, poisson, categorical, dirichlet, multiNormal, multiNormalCholesky,
  vector, matrix, intVector, simulator,
} from './lang/builder.js';

// Inference.
export { infer, type DataSet } from './backends/infer.js';
export type { Backend, ProgressEvent, RunOptions } from './backends/backend.js';
export { Posterior, type PosteriorInit, type SummaryRow } from './backends/posterior.js';
export { nuts, rwm, type NutsOptions, type RwmOptions } from './backends/mcmc/index.js';
export { compare, type Comparison, type ComparisonRow, type CompareOptions } from './backends/compare.js';

// Amortized inference: train once on simulations (`backend.train(model, opts)`), then `infer` on any
// number of data sets. A trained estimator is itself a Backend; `est.save(dir)` writes it and
// `loadEstimator(dir, { model })` reads back a save of any kind.
export { npe, loadNpe, NpeBackend, Npe, type NpeOptions, type NpeDensityOption } from './backends/npe/index.js';
export { nbe, loadNbe, NbeBackend, Nbe, type NbeOptions, type NbeTarget, type NbeEstimates } from './backends/nbe/index.js';
export { nle, NleBackend, Nle, type NleOptions, type NleDensityOption } from './backends/nle/index.js';
export { nre, NreBackend, Nre, type NreOptions } from './backends/nre/index.js';
export { abc, AbcBackend, AbcTable, type AbcOptions, type AbcSummary } from './backends/abc/index.js';
export type {
  AmortizedTrainOptions, TrainingRecord, SummaryOption, LoadEstimatorOptions,
} from './backends/amortized/index.js';
export type { BatchedSamplerOptions } from './samplers/index.js';
export {
  loadEstimator, savedEstimatorKind, ESTIMATOR_KINDS,
  type SavedEstimator, type EstimatorKind, type LoadAnyEstimatorOptions,
} from './backends/load-estimator.js';

// Errors a user can act on.
export { ModelError, DataError, InferenceError } from './lang/errors.js';

// Runtime pieces users need directly.
export { createRng, type Rng } from './runtime/rng.js';

// Diagnostics for any backend's posterior.
export * as diagnostics from './diagnostics/index.js';
