/** NRE: neural ratio estimation (NRE-A / NRE-B classifiers; grid or batched-MCMC read-out). */
export { nre, NreBackend } from './backend.js';
export { Nre, type NreConfig } from './trained.js';
export { memberOffsets, RatioClassifier, summarize } from './estimator.js';
export { bceLoss, contrastiveLoss, nreLoss } from './loss.js';
/** The grid read-out lives in ../readout (shared with NLE), the 2-D grid density in ../../samplers; re-exported here. */
export { gridPosteriors, type GridReadoutArgs } from '../readout/index.js';
export { GridDensity2D } from '../../samplers/index.js';
export { defaultNreEnsemble, defaultNreHidden, DEFAULT_NRE_HIDDEN, DEFAULT_NRE_MEMBER_HIDDEN, NRE_TRAIN_DEFAULTS, type NreOptions } from './options.js';
