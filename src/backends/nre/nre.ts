/**
 * NRE — neural ratio estimation (Hermans et al. 2020; Durkan et al. 2020; sbi's NRE_A / NRE_B).
 *
 * Objective: learn the likelihood-to-evidence ratio r(θ, x) = p(x | θ)/p(x) = p(θ | x)/p(θ) as the
 * logit of a classifier d(u_θ, x) that tells joint pairs from shuffled ones (losses in ./loss.ts):
 *
 *   NRE-A:  min ½E_{p(θ,x)}[−log σ(d)] + ½E_{p(θ)p(x)}[−log σ(−d)]      ⇒  d = log r
 *   NRE-B:  min E[−d(θ_0, x) + log Σ_{k<K} exp d(θ_k, x)],  θ_0 joint    ⇒  d = log r + c(x)
 *
 * Inference: π(u_θ | x_o) ∝ p(u_θ) exp d(u_θ, x_o), read out on a grid for one parameter
 * (../amortized-sampling/grid-posterior.ts, as the review; two parameters on request) or by the
 * batched ensemble sampler otherwise — the read-out NLE shares (../amortized-sampling/readout.ts).
 *
 * Estimator: ./classifier.ts (MLP on standardised u_θ and the summary s(x); by default four of them,
 * their logits averaged, above two parameters: options.ts says why). Training set,
 * summary network, save/load and fingerprint check: ../amortized (the shared core).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { Model } from '../../lang/model.js';
import type { RunOptions } from '../backend.js';
import type { Posterior } from '../posterior.js';
import {
  AmortizedBackend, DataEncoder, TrainedEstimator, calibrationSampler, checkEnsembleSize, compileFor, finishTraining, fit, readEstimatorBundle, restoreSaved, trainingSetFor, withDefaults,
  type EstimatorSource, type LoadEstimatorOptions, type TrainingRecord,
} from '../amortized/index.js';
import { readoutPosteriors, type BatchedSamplerOptions } from '../amortized-sampling/index.js';
import {
  assignWeights, initNeuralBackend, mlpConfig, Standardizer, tf, type Batch, type MlpConfig, type Module, type StandardizerJSON,
} from '../../nn/index.js';
import { memberMean, memberOffsets, RatioClassifier, summarize } from './classifier.js';
import { bceLoss, contrastiveLoss } from './loss.js';
import { defaultNreEnsemble, defaultNreHidden, NRE_TRAIN_DEFAULTS, type NreOptions } from './options.js';

/** What `save` writes as the estimator config. */
export interface NreConfig {
  variant: 'A' | 'B';
  classes: number;
  classifier: MlpConfig;
  /** Classifiers averaged (absent in bundles saved before ensembles: 1). */
  ensemble?: number;
  posterior: 'auto' | 'grid' | 'mcmc';
  gridCells: number;
  gridCellsPerAxis: number;
  draws: number;
  sampler: BatchedSamplerOptions;
}

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

/**
 * The training loss on a batch { u: ũ_θ (B, P), x: x (B, D) }: NRE-A or NRE-B by `config.variant`,
 * averaged over the ensemble's members.
 */
function nreLoss(encoder: DataEncoder, classifier: RatioClassifier, config: NreConfig) {
  return (batch: Batch): tf.Scalar => tf.tidy(() => {
    const s = encoder.encode(batch['x'] as tf.Tensor2D);
    const u = batch['u'] as tf.Tensor2D;
    const B = u.shape[0];
    const negatives = config.variant === 'B' ? Math.min(config.classes, B) - 1 : 1;
    const losses = classifier.mlps.map((_, m) => {
      const logits = classifier.pairLogits(u, s, memberOffsets(m, negatives, B), m);
      if (config.variant === 'B') return contrastiveLoss(logits);
      const [joint, marginal] = tf.unstack(logits, 1) as [tf.Tensor1D, tf.Tensor1D];
      return bceLoss(joint, marginal);
    });
    return memberMean(losses);
  });
}

/** A trained ratio estimator: `infer(model, data, est)` gives prior × exp(logit) posteriors. */
export class Nre extends TrainedEstimator<NreConfig> {
  readonly kind = 'nre';

  constructor(
    fingerprint: string,
    dataDim: number,
    encoder: DataEncoder,
    readonly classifier: RatioClassifier,
    readonly config: NreConfig,
    training: TrainingRecord | null,
  ) {
    super(fingerprint, classifier.paramDim, dataDim, encoder, training);
  }

  /** The same estimator (sharing its weights) with other read-out settings (posterior, grid cells, draws, sampler). */
  withReadout(o: Partial<Pick<NreConfig, 'posterior' | 'gridCells' | 'gridCellsPerAxis' | 'draws' | 'sampler'>>): Nre {
    return new Nre(this.fingerprint, this.dataDim, this.encoder, this.classifier, { ...this.config, ...o }, this.training).inheritState(this);
  }

  /**
   * The learned log ratio d(u_θ, x) for rows u (n, P) against one flat data set x (D).
   * @returns (n)
   */
  logRatio(u: Float64Array, x: Float64Array): Float64Array {
    const s = summarize(this.encoder, [x], this.dataDim);
    return this.classifier.logits(u, s, new Int32Array(u.length / this.paramDim));
  }

  /** Calibration: `draws` draws from the grid, or one MCMC chain per draw. */
  protected override calibrationReadout(draws: number): Record<string, unknown> {
    return { config: { ...this.config, draws, sampler: { ...this.config.sampler, ...calibrationSampler(this.config.sampler, draws) } } };
  }

  protected estimatorConfig(): NreConfig {
    return this.config;
  }

  protected headModules(): Record<string, Module> {
    return { classifier: this.classifier };
  }

  protected override normalization(): unknown {
    return { u: this.classifier.uStd.toJSON() };
  }

  protected async posteriors(model: CompiledModel, xs: Float64Array[], options: RunOptions): Promise<Posterior[]> {
    const s = summarize(this.encoder, xs, this.dataDim);
    const logRatio = (u: Float64Array, targets: Int32Array): Float64Array => this.classifier.logits(u, s, targets);
    const timing: Record<string, number> = this.training ? { training: this.training.trainSeconds, simulation: this.training.simulateSeconds } : {};
    return readoutPosteriors({
      method: 'nre', model, xs, paramDim: this.paramDim, logTerm: logRatio,
      config: { ...this.config, gridCellsPerAxis: this.config.gridCellsPerAxis ?? 200 },
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      timing,
      attrs: { variant: this.config.variant, ensemble: this.classifier.members },
    });
  }
}
