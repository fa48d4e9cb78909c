/**
 * `npe(opts)`: the untrained NPE backend value. `train(model, opts)` simulates, fits the data
 * encoder and the density estimator on the forward-KL loss (loss.ts), and returns a trained `Npe`;
 * `load(dir)` rebuilds one from a save.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { Model } from '../../lang/model.js';
import { Standardizer, assignWeights, type StandardizerJSON } from '../../nn/index.js';
import type { AnyDensitySpec } from '../../nn/density/index.js';
import {
  AmortizedBackend, DataEncoder, checkEnsembleSize, compileFor, finishTraining, fit, readEstimatorBundle, restoreSaved, trainingSetFor, withDefaults,
  type AmortizedTrainOptions, type EstimatorSource, type LoadEstimatorOptions, type TrainingRecord,
} from '../amortized/index.js';
import { NpeEstimator } from './estimator.js';
import { npeLoss } from './loss.js';
import { defaultDensity, MAF_DEFAULT, SPLINE_DEFAULT, npeTrainDefaults, type NpeDensityOption, type NpeOptions } from './options.js';
import { Npe, type NpeConfig } from './trained.js';

/**
 * The density spec (without dim/contextDim, filled in by NpeEstimator.create) for an option; with
 * `ensemble` ≥ 2, an equal-weight ensemble of that many copies, each initialised from its own seed.
 */
export function densitySpecFor(option: NpeDensityOption | undefined, paramDim: number, seed: number, ensemble = 1): AnyDensitySpec {
  // A kind gets our tuned settings where we have them (see options.ts), else the engine's; settings
  // given with it override those one by one ({ kind: 'spline-flow', layers: 8 } keeps the 10 bins).
  const named = (kind: string) => (kind === SPLINE_DEFAULT.kind ? SPLINE_DEFAULT : kind === MAF_DEFAULT.kind ? MAF_DEFAULT : { kind });
  const o =
    option === undefined ? defaultDensity(paramDim) : typeof option === 'string' ? named(option) : { ...named(option.kind), ...option };
  const { kind, ...rest } = o as { kind: AnyDensitySpec['kind'] } & Record<string, unknown>;
  checkEnsembleSize('npe', ensemble);
  if (ensemble === 1 || kind === 'ensemble') return { kind, config: { hidden: [64, 64], seed, ...rest, dim: 0, contextDim: 0 } } as AnyDensitySpec;
  const member = { kind, config: { hidden: [64, 64], ...rest } };
  return { kind: 'ensemble', config: { seed, members: Array.from({ length: ensemble }, () => structuredClone(member)), dim: 0, contextDim: 0 } } as AnyDensitySpec;
}

export class NpeBackend extends AmortizedBackend<Npe> {
  readonly kind = 'npe';

  constructor(readonly options: NpeOptions = {}) {
    super(options);
  }

  async train(model: Model | CompiledModel, opts: AmortizedTrainOptions = {}): Promise<Npe> {
    const o = withDefaults<NpeOptions>(this.options, opts);
    const m = compileFor(model, o.inputs);
    const seed = o.seed ?? 1;
    if (o.ensemble !== undefined) checkEnsembleSize('npe', o.ensemble); // before simulating: a typo should not cost the budget
    const set = await trainingSetFor(m, o);
    const encoder = DataEncoder.fit(m, set.x, o.summary ?? 'auto', seed);
    const target = Standardizer.fit(set.u, set.u.length / set.n);
    const density = densitySpecFor(o.density, set.u.length / set.n, seed, o.ensemble ?? 1);
    const estimator = NpeEstimator.create(encoder, target, density);
    const record = await fit({
      modules: [encoder, estimator],
      loss: npeLoss(estimator),
      data: { z: { data: target.applyArray(set.u), shape: [estimator.dim] }, x: { data: set.x, shape: [m.dataDim] } },
      set,
      opts: o,
      defaults: npeTrainDefaults(density),
    });
    return finishTraining(new Npe(m.fingerprint, estimator, record, m.dataDim, o.draws ?? 10_000), m, set, o);
  }

  async load(dir: EstimatorSource, opts: LoadEstimatorOptions = {}): Promise<Npe> {
    return loadNpe(dir, opts);
  }
}

/** Rebuild a saved NPE (refusing another kind, or another model when `opts.model` is given). */
export async function loadNpe(dir: EstimatorSource, opts: LoadEstimatorOptions = {}): Promise<Npe> {
  const b = await readEstimatorBundle<NpeConfig>(dir, 'npe', opts);
  const encoder = DataEncoder.fromJSON(b.config.encoder);
  const norm = b.manifest.normalization as { target: StandardizerJSON };
  const estimator = NpeEstimator.create(encoder, Standardizer.fromJSON(norm.target), b.config.estimator.density as AnyDensitySpec);
  const npeEst = new Npe(b.manifest.fingerprint, estimator, b.manifest.training as TrainingRecord | null, b.config.dataDim, b.config.estimator.draws);
  assignWeights(npeEst.modules(), b.weights);
  return restoreSaved(npeEst, b, opts);
}
