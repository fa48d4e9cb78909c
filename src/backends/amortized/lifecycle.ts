/**
 * What every backend's `train` and `load` end with, so that NPE, NBE, NLE and NRE share one
 * implementation of the estimator's state beyond its weights:
 *
 *   return finishTraining(new Npe(...), m, set, o);          // end of train()
 *   return restoreSaved(npeEst, bundle, opts);               // end of load()
 *
 * finishTraining binds the compiled model, fits the out-of-distribution reference on the final
 * network (unless `ood: false`), and runs `calibrate` when the `calibrate` option asks for it.
 * restoreSaved binds `opts.model` (when given) and restores the saved report and reference.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { LoadedBundle } from '../../nn/index.js';
import type { AmortizedConfig, LoadEstimatorOptions } from './bundle.js';
import { fitOodReference } from './ood.js';
import type { AmortizedTrainOptions } from './train-options.js';
import type { TrainedEstimator } from './trained-estimator.js';
import type { TrainingSet } from './training-set.js';

export async function finishTraining<T extends TrainedEstimator>(est: T, model: CompiledModel, set: TrainingSet, opts: AmortizedTrainOptions): Promise<T> {
  est.model = model;
  const seed = opts.seed ?? 1;
  if (opts.ood !== false) {
    est.ood = fitOodReference(est.encoder, model, set, seed, typeof opts.ood === 'object' ? opts.ood : {});
  }
  if (opts.calibrate) {
    const c = typeof opts.calibrate === 'object' ? opts.calibrate : {};
    await est.calibrate({ ...(opts.onProgress ? { onProgress: opts.onProgress } : {}), ...c, model });
  }
  return est;
}

export function restoreSaved<T extends TrainedEstimator>(est: T, bundle: LoadedBundle, opts: LoadEstimatorOptions = {}): T {
  const config = bundle.manifest.config as AmortizedConfig;
  if (opts.model) est.model = opts.model;
  est.calibration = config.calibration ?? null;
  est.ood = config.ood ?? null;
  return est;
}
