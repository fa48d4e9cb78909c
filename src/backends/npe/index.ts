/**
 * NPE — neural posterior estimation (forward KL):
 *
 *   φ* = argmin_φ E_{p(θ) p(x|θ)} [ −log q_φ(u_θ | s_φ(x)) ],   u_θ = g⁻¹(θ) (unconstrained)
 *
 * so q_φ*(· | x) ≈ p(u_θ | x) for every x the simulator can produce; one trained network then gives
 * posterior draws and densities for any data set in one forward pass (amortisation).
 *
 *   const est = await npe({ simulations: 10_000 }).train(model, { inputs, seed: 1 });
 *   const posts = await infer(model, dataSets, est);   // 10,000 draws each, batched
 *   posts[0].logDensity(theta);                        // normalised, in constrained θ
 *   await est.save('model.npe'); const again = await loadNpe('model.npe', { model: compiled });
 *
 * Files: estimator.ts (q_φ), loss.ts (the objective), trained.ts (inference), backend.ts (train/load).
 */
import { NpeBackend } from './backend.js';
import type { NpeOptions } from './options.js';

export function npe(opts: NpeOptions = {}): NpeBackend {
  return new NpeBackend(opts);
}

export { NpeBackend, loadNpe, densitySpecFor } from './backend.js';
export { Npe, type NpeConfig } from './trained.js';
export { NpeEstimator, dataSetSeed } from './estimator.js';
export { npeLoss } from './loss.js';
export { defaultDensity, SPLINE_DEFAULT, MAF_DEFAULT, SPLINE_MAX_DIM, NPE_TRAIN_DEFAULTS, NPE_SPLINE_TRAIN_DEFAULTS, npeTrainDefaults, type NpeOptions, type NpeDensityOption } from './options.js';
