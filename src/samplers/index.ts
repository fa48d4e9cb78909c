/**
 * Samplers shared by the backends: batched samplers over many targets at once (ensemble MCMC with
 * an independence move, SIR initialisation, a mixture proposal), chunked network evaluation, and
 * the 1-D / 2-D grid densities. They work on plain log-density functions and never import backends/.
 */
export type { BatchedLogDensity, BatchedDraws } from './types.js';
export { sirInit, type SirInitOptions } from './sir-init.js';
export { runEnsemble, type EnsembleOptions } from './ensemble-sampler.js';
export { sampleLearnedPosterior, maxRhat, maxDrift, groupChains, pooled, type BatchedSamplerOptions, type LearnedTarget, type TargetDraws, type BatchedSampleResult } from './sample.js';
export { chunked, MAX_ROWS, type BatchedLogLikelihood } from './chunked.js';
export { GridDensity } from './grid-density.js';
export { GridDensity2D } from './grid-density-2d.js';
export { fitMixtureProposal, type MixtureFitOptions, type MixtureProposal } from './mixture-proposal.js';
