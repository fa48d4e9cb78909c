/**
 * Posterior read-outs of learned densities (NLE, NRE): the glue that turns the shared samplers
 * (../../samplers: batched MCMC, grids) into Posterior objects for a compiled model.
 */
export { learnedPosteriors, dataSetRng, type LearnedPosteriorArgs } from './learned-posterior.js';
export { gridPosteriors, type GridReadoutArgs } from './grid-posterior.js';
export { readoutPosteriors, usesGrid, type PosteriorReadout, type ReadoutConfig, type ReadoutArgs } from './readout.js';
