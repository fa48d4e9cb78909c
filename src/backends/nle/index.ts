/** NLE: neural likelihood estimation (q(x | θ) by a conditional flow; posterior by batched MCMC). */
export { nle, NleBackend } from './backend.js';
export { Nle, type NleConfig } from './trained.js';
export { LikelihoodEstimator } from './estimator.js';
export { nleLoss } from './loss.js';
export { DEFAULT_NLE_DENSITY, NLE_TRAIN_DEFAULTS, type NleOptions, type NleDensityOption } from './options.js';
