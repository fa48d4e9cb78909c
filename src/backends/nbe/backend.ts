/**
 * `nbe(opts)`: the untrained NBE backend value. `train(model, opts)` simulates, fits the data
 * encoder and the estimator head on the summed Bayes risks (loss.ts) and returns a trained `Nbe`;
 * `load(dir)` rebuilds one from a save.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { Model } from '../../lang/model.js';
import { Standardizer, assignWeights, type StandardizerJSON } from '../../nn/index.js';
import {
  AmortizedBackend, DataEncoder, ParamBlock, compileFor, finishTraining, fit, readEstimatorBundle, restoreSaved, trainingSetFor, withDefaults,
  type AmortizedTrainOptions, type EstimatorSource, type LoadEstimatorOptions, type TrainingRecord,
} from '../amortized/index.js';
import { NbeEstimator, headConfig } from './estimator.js';
import { nbeLoss } from './loss.js';
import { NBE_DEFAULTS, NBE_TRAIN_DEFAULTS, type NbeOptions } from './options.js';
import { Nbe, type NbeConfig } from './trained.js';

export class NbeBackend extends AmortizedBackend<Nbe> {
  readonly kind = 'nbe';

  constructor(readonly options: NbeOptions = {}) {
    super(options);
  }

  async train(model: Model | CompiledModel, opts: AmortizedTrainOptions = {}): Promise<Nbe> {
    const o = withDefaults<NbeOptions>(this.options, opts);
    const m = compileFor(model, o.inputs);
    const seed = o.seed ?? 1;
    const block = new ParamBlock(m);
    const set = await trainingSetFor(m, o);
    const encoder = DataEncoder.fit(m, set.x, o.summary ?? 'auto', seed);

    // Quantile space v: sign-adjusted u_θ (elementwise bijectors), else θ.
    const space = block.elementwise ? 'unconstrained' as const : 'constrained' as const;
    const directions = block.elementwise ? Array.from(block.directions()) : [];
    const Q = space === 'unconstrained' ? block.dim : m.dim;
    const v = space === 'unconstrained' ? Float64Array.from(set.u, (val, i) => val * directions[i % Q]!) : set.theta;
    const thetaStd = Standardizer.fit(set.theta, m.dim);
    const quantileStd = Standardizer.fit(v, Q);

    const head = headConfig(o.estimators ?? NBE_DEFAULTS.estimators, o.levels ?? NBE_DEFAULTS.levels, m.dim, Q, encoder.outputDim, o.hidden ?? NBE_DEFAULTS.hidden, seed);
    const estimator = new NbeEstimator(encoder, head);
    const record = await fit({
      modules: [encoder, estimator],
      loss: nbeLoss(estimator),
      data: {
        t: { data: thetaStd.applyArray(set.theta), shape: [m.dim] },
        v: { data: quantileStd.applyArray(v), shape: [Q] },
        x: { data: set.x, shape: [m.dataDim] },
      },
      set,
      opts: o,
      defaults: NBE_TRAIN_DEFAULTS,
    });
    return finishTraining(new Nbe(m.fingerprint, estimator, thetaStd, quantileStd, { quantileSpace: space, directions }, record, block.dim, m.dataDim), m, set, o);
  }

  async load(dir: EstimatorSource, opts: LoadEstimatorOptions = {}): Promise<Nbe> {
    return loadNbe(dir, opts);
  }
}

/** Rebuild a saved NBE (refusing another kind, or another model when `opts.model` is given). */
export async function loadNbe(dir: EstimatorSource, opts: LoadEstimatorOptions = {}): Promise<Nbe> {
  const b = await readEstimatorBundle<NbeConfig>(dir, 'nbe', opts);
  const encoder = DataEncoder.fromJSON(b.config.encoder);
  const norm = b.manifest.normalization as { theta: StandardizerJSON; quantile: StandardizerJSON };
  const { head, ...settings } = b.config.estimator;
  const estimator = new NbeEstimator(encoder, head);
  const nbeEst = new Nbe(
    b.manifest.fingerprint, estimator, Standardizer.fromJSON(norm.theta), Standardizer.fromJSON(norm.quantile), settings,
    b.manifest.training as TrainingRecord | null, b.config.paramDim, b.config.dataDim,
  );
  assignWeights(nbeEst.modules(), b.weights);
  return restoreSaved(nbeEst, b, opts);
}
