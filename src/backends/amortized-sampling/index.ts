/** Posterior read-outs of learned densities (NLE, NRE): batched samplers (many chains, one network call per step) and the grid. */
export type { BatchedLogDensity, BatchedDraws } from './types.js';
export { sirInit, type SirInitOptions } from './sir-init.js';
export { runEnsemble, type EnsembleOptions } from './ensemble-sampler.js';
export { sampleLearnedPosterior, maxRhat, maxDrift, groupChains, pooled, type BatchedSamplerOptions, type LearnedTarget, type TargetDraws, type BatchedSampleResult } from './sample.js';
export { learnedPosteriors, dataSetRng, type LearnedPosteriorArgs } from './learned-posterior.js';
export { chunked, MAX_ROWS, type BatchedLogLikelihood } from './chunked.js';
export { gridPosteriors, type GridReadoutArgs } from './grid-posterior.js';
export { GridDensity2D } from './grid-density-2d.js';
export { readoutPosteriors, usesGrid, type PosteriorReadout, type ReadoutConfig, type ReadoutArgs } from './readout.js';
