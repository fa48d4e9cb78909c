/** NRE: neural ratio estimation (NRE-A / NRE-B classifiers; grid or batched-MCMC read-out). */
export { nre, NreBackend, Nre, type NreConfig } from './nre.js';
export { RatioClassifier, summarize } from './classifier.js';
export { bceLoss, contrastiveLoss } from './loss.js';
export { gridPosteriors, type GridReadoutArgs } from './grid-posterior.js';
export { GridDensity2D } from './grid-density-2d.js';
export { DEFAULT_NRE_HIDDEN, NRE_TRAIN_DEFAULTS, type NreOptions } from './options.js';
