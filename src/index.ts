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

// Errors a user can act on.
export { ModelError, DataError, InferenceError } from './lang/errors.js';

// Runtime pieces users need directly.
export { createRng, type Rng } from './runtime/rng.js';

// Diagnostics for any backend's posterior.
export * as diagnostics from './diagnostics/index.js';
