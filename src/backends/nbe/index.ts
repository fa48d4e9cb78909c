/**
 * NBE — neural Bayes estimators: networks trained to minimise the Bayes risk,
 *
 *   φ* = argmin_φ E_{p(θ) p(x|θ)} [ L(θ, θ̂_φ(x)) ],
 *
 * whose minimiser is the Bayes estimator under L for every x: squared error → posterior mean,
 * absolute error → posterior median, pinball loss at τ → the posterior τ-quantile (marginal credible
 * intervals from two levels). Point estimates and intervals only; no draws, no density.
 *
 *   const est = await nbe({ simulations: 10_000 }).train(model, { inputs, seed: 1 });
 *   const post = await infer(model, data, est);   post.mean(); post.interval(0.9);
 *
 * Files: estimator.ts (network, non-crossing quantiles), loss.ts (Bayes risks), trained.ts
 * (inference), backend.ts (train/load).
 */
import { NbeBackend } from './backend.js';
import type { NbeOptions } from './options.js';

export function nbe(opts: NbeOptions = {}): NbeBackend {
  return new NbeBackend(opts);
}

export { NbeBackend, loadNbe } from './backend.js';
export { Nbe, type NbeConfig, type NbeEstimates } from './trained.js';
export { NbeEstimator, headConfig, type NbeHeadConfig, type NbeOutputs } from './estimator.js';
export { nbeLoss, pinballLoss } from './loss.js';
export { NBE_DEFAULTS, NBE_TRAIN_DEFAULTS, type NbeOptions, type NbeTarget } from './options.js';
