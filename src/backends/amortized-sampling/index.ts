/** Batched samplers on learned densities (NLE, NRE): many chains, one network call per step. */
export type { BatchedLogDensity, BatchedDraws } from './types.js';
export { sirInit, type SirInitOptions } from './sir-init.js';
export { runEnsemble, type EnsembleOptions } from './ensemble-sampler.js';
export { sampleLearnedPosterior, maxRhat, maxDrift, groupChains, pooled, type BatchedSamplerOptions, type LearnedTarget, type TargetDraws, type BatchedSampleResult } from './sample.js';
export { learnedPosteriors, dataSetRng, type LearnedPosteriorArgs } from './learned-posterior.js';
export { chunked, MAX_ROWS, type BatchedLogLikelihood } from './chunked.js';
