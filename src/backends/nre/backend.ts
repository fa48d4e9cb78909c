/**
 * NRE — neural ratio estimation (Hermans et al. 2020; Durkan et al. 2020; sbi's NRE_A / NRE_B).
 *
 * Objective: learn the likelihood-to-evidence ratio r(θ, x) = p(x | θ)/p(x) = p(θ | x)/p(θ) as the
 * logit of a classifier d(u_θ, x) that tells joint pairs from shuffled ones (losses in ./loss.ts; inference in ./trained.ts):
 *
 *   NRE-A:  min ½E_{p(θ,x)}[−log σ(d)] + ½E_{p(θ)p(x)}[−log σ(−d)]      ⇒  d = log r
 *   NRE-B:  min E[−d(θ_0, x) + log Σ_{k<K} exp d(θ_k, x)],  θ_0 joint    ⇒  d = log r + c(x)
 *
 * Inference: π(u_θ | x_o) ∝ p(u_θ) exp d(u_θ, x_o), read out on a grid for one parameter
 * (../readout/grid-posterior.ts, as the review; two parameters on request) or by the
 * batched ensemble sampler otherwise — the read-out NLE shares (../readout/readout.ts).
 *
 * Estimator: ./estimator.ts (MLP on standardised u_θ and the summary s(x); by default four of them,
 * their logits averaged, above two parameters: options.ts says why). Training set,
 * summary network, save/load and fingerprint check: ../amortized (the shared core).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { Model } from '../../lang/model.js';
import {
  AmortizedBackend, DataEncoder, checkEnsembleSize, compileFor, finishTraining, fit, readEstimatorBundle, restoreSaved, trainingSetFor, withDefaults,
  type EstimatorSource, type LoadEstimatorOptions, type TrainingRecord,
} from '../amortized/index.js';
import { assignWeights, initNeuralBackend, mlpConfig, Standardizer, type StandardizerJSON } from '../../nn/index.js';
import { RatioClassifier } from './estimator.js';
import { nreLoss } from './loss.js';
import { defaultNreEnsemble, defaultNreHidden, NRE_TRAIN_DEFAULTS, type NreOptions } from './options.js';
import { Nre, type NreConfig } from './trained.js';

/** `nre(opts)`: the untrained backend; `.train(model, opts)` returns a trained `Nre`. */
export function nre(opts: NreOptions = {}): NreBackend {
  return new NreBackend(opts);
}

export class NreBackend extends AmortizedBackend<Nre> {
  readonly kind = 'nre';

  constructor(readonly options: NreOptions = {}) {
    super(options);
  }

  async train(model: Model | CompiledModel, opts: NreOptions = {}): Promise<Nre> {
    const m = compileFor(model, opts.inputs ?? this.options.inputs);
    const o = withDefaults<NreOptions>(this.options, opts);
    const seed = o.seed ?? 1;
    checkNreOptions(o); // before simulating: a bad option should not cost the simulation budget
    const set = await trainingSetFor(m, o);
    const P = set.u.length / set.n;
    const encoder = DataEncoder.fit(m, set.x, o.summary ?? 'auto', seed);
    const uStd = Standardizer.fit(set.u, P);
    const ensemble = o.ensemble ?? defaultNreEnsemble(P);
    const config: NreConfig = {
      variant: o.variant ?? 'A',
      classes: o.classes ?? 10,
      classifier: mlpConfig({ inputDim: P + encoder.outputDim, outputDim: 1, hidden: [...(o.hidden ?? defaultNreHidden(ensemble))], activation: o.activation ?? 'relu', seed: seed + 1 }),
      ensemble,
      posterior: o.posterior ?? 'auto',
      gridCells: o.gridCells ?? 750,
      gridCellsPerAxis: o.gridCellsPerAxis ?? 200,
      draws: o.draws ?? o.sampler?.draws ?? 10_000,
      sampler: o.sampler ?? {},
    };
    const classifier = new RatioClassifier(config.classifier, uStd, config.ensemble);
    const data = {
      u: { data: uStd.applyArray(set.u), shape: [P] },
      x: { data: set.x, shape: [m.dataDim] },
    };
    const record = await fit({
      modules: [encoder, classifier], loss: nreLoss(encoder, classifier, config), data, set, opts: o, defaults: NRE_TRAIN_DEFAULTS,
    });
    return finishTraining(new Nre(m.fingerprint, m.dataDim, encoder, classifier, config, record), m, set, o);
  }

  async load(dir: EstimatorSource, opts: LoadEstimatorOptions = {}): Promise<Nre> {
    await initNeuralBackend(); // weights are created on the backend in use: start it first
    const b = await readEstimatorBundle<NreConfig>(dir, 'nre', opts);
    const encoder = DataEncoder.fromJSON(b.config.encoder);
    const norm = b.manifest.normalization as { u: StandardizerJSON };
    const classifier = new RatioClassifier(b.config.estimator.classifier, Standardizer.fromJSON(norm.u), b.config.estimator.ensemble ?? 1);
    const nre = new Nre(b.manifest.fingerprint, b.config.dataDim, encoder, classifier, b.config.estimator, (b.manifest.training as TrainingRecord | null) ?? null);
    assignWeights(nre.modules(), b.weights);
    return restoreSaved(nre, b, opts);
  }
}

/** The options that can be checked before simulating. */
function checkNreOptions(o: NreOptions): void {
  const classes = o.classes ?? 10;
  if ((o.variant ?? 'A') === 'B' && !(Number.isInteger(classes) && classes >= 2)) {
    throw new RangeError(`nre: classes must be an integer ≥ 2 for the contrastive variant, got ${classes}`);
  }
  if (o.ensemble !== undefined) checkEnsembleSize('nre', o.ensemble);
}
