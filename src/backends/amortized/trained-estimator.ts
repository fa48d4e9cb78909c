/**
 * The base of every trained amortized estimator (NPE, NBE, NLE, NRE): an `infer`-compatible
 * Backend bound to the model it was trained on.
 *
 * - `run(model, xs)` refuses a model whose fingerprint differs from the training model's
 *   (InferenceError), initialises the neural backend, and hands the whole batch of data sets to
 *   the subclass's `posteriors` (one pass per batch, not one per data set).
 * - `save(dir)` writes the engine bundle (bundle.ts) with the subclass's modules and config, the
 *   calibration report and the out-of-distribution reference.
 * - `calibrate(opts)` computes a calibration report on fresh simulations (./calibration.ts) and
 *   keeps it in `calibration`.
 * - `run` measures each data set's distance to the training data (./ood.ts) and warns in the
 *   posterior's `warnings` (and `attrs.ood`) when it is beyond the training quantile.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import { InferenceError } from '../../lang/errors.js';
import type { Backend, RunOptions } from '../backend.js';
import type { Posterior } from '../posterior.js';
import { bundleToBytes, initNeuralBackend, libraryVersion, serializeBundle, writeSerialized, type Manifest, type Module, type SerializedBundle } from '../../nn/index.js';
import type { CalibrationReport } from '../../diagnostics/report.js';
import { AMORTIZED_CONFIG_VERSION, type AmortizedConfig } from './bundle.js';
import type { DataEncoder } from './data-encoder.js';
import type { TrainingRecord } from './train-options.js';
import { runCalibration, type CalibrateOptions } from './calibration.js';
import { oodDistances, oodWarning, type OodReference } from './ood.js';

export abstract class TrainedEstimator<E = unknown> implements Backend {
  abstract readonly kind: string;
  /** Always true: `infer` uses it as is (an untrained backend value trains first). */
  readonly trained = true as const;
  /** The compiled model trained on: set by `train`, by `load(dir, { model })` and by the first `run`. */
  model: CompiledModel | null = null;
  /** The latest calibration report: from `calibrate()`, train's `calibrate` option, or a save. */
  calibration: CalibrationReport | null = null;
  /** The training data as the network sees it, for out-of-distribution warnings (null: no check). */
  ood: OodReference | null = null;

  protected constructor(
    /** Fingerprint of the CompiledModel trained on. */
    readonly fingerprint: string,
    /** P, length of the param block of u. */
    readonly paramDim: number,
    readonly dataDim: number,
    readonly encoder: DataEncoder,
    readonly training: TrainingRecord | null,
  ) {}

  /** The backend's own JSON settings (saved as `config.estimator`). */
  protected abstract estimatorConfig(): E;
  /** Every module with weights, by name (the encoder is added as 'encoder'). */
  protected abstract headModules(): Record<string, Module>;
  /** Posteriors for a batch of data sets (each x flat, dataDim); the model is already checked. */
  protected abstract posteriors(model: CompiledModel, xs: Float64Array[], options: RunOptions): Promise<Posterior[]>;
  /** Standardisation statistics beyond the encoder's (saved as `normalization`). */
  protected normalization(): unknown {
    return null;
  }
  /**
   * For `calibrate`: properties to override on a view of this estimator (sharing its weights and
   * prototype) so that it gives about `draws` posterior draws per data set; null: use it as is
   * (estimators without draws, or whose draw count is already small).
   */
  protected calibrationReadout(_draws: number): Record<string, unknown> | null {
    return null;
  }

  /** Copy the model binding, calibration report and OOD reference from `from` (for derived estimators sharing weights). */
  protected inheritState(from: TrainedEstimator): this {
    this.model = from.model;
    this.calibration = from.calibration;
    this.ood = from.ood;
    return this;
  }

  /** InferenceError unless `model` is the model this estimator was trained on. */
  checkModel(model: CompiledModel): void {
    if (model.fingerprint !== this.fingerprint) {
      throw new InferenceError(
        `this ${this.kind} estimator was trained on a different model or inputs (fingerprint ${this.fingerprint}); ` +
        `the model given has fingerprint ${model.fingerprint}. A trained network applies only to the model and inputs ` +
        'it was trained on: train a new estimator for this model.');
    }
  }

  async run(model: CompiledModel, xs: Float64Array[], options: RunOptions = {}): Promise<Posterior[]> {
    this.checkModel(model);
    for (const [i, x] of xs.entries()) {
      if (x.length !== this.dataDim) throw new InferenceError(`data set ${i} has ${x.length} values; the ${this.kind} estimator expects ${this.dataDim}`);
    }
    await initNeuralBackend();
    const posts = await this.posteriors(model, xs, options);
    this.model ??= model;
    if (this.ood) {
      const d = oodDistances(this.ood, this.encoder, xs, this.dataDim);
      posts.forEach((p, i) => {
        p.attrs['ood'] = { distance: d[i]!, threshold: this.ood!.threshold, alpha: this.ood!.alpha };
        const w = oodWarning(this.ood!, this.kind, i, d[i]!);
        if (w) p.warnings.push(w);
      });
    }
    return posts;
  }

  /**
   * Distance of each data set to the training data in the network's input space (see ./ood.ts);
   * beyond `ood.threshold` `infer` warns. Throws when the estimator has no OOD reference.
   */
  async distances(xs: Float64Array[]): Promise<Float64Array> {
    if (!this.ood) throw new InferenceError(`this ${this.kind} estimator has no out-of-distribution reference (trained with ood: false, or saved before it existed)`);
    await initNeuralBackend();
    return oodDistances(this.ood, this.encoder, xs, this.dataDim);
  }

  /**
   * Calibration report on fresh simulations from the model (SBC + coverage + TARP from draws; for
   * an estimator without draws, quantile calibration and coverage, SBC marked not applicable).
   * Kept in `calibration` and written by `save`. See ./calibration.ts for the cost.
   */
  async calibrate(opts: CalibrateOptions = {}): Promise<CalibrationReport> {
    const model = opts.model ?? this.model;
    if (!model) {
      throw new InferenceError(`calibrate: this ${this.kind} estimator does not know its model (loaded without { model }): ` +
        'pass calibrate({ model: compiledModel }) or load(dir, { model })');
    }
    this.checkModel(model);
    this.model ??= model;
    await initNeuralBackend();
    const report = await runCalibration({
      kind: this.kind,
      posteriorsFor: (m, xs, draws, seed) => {
        const o = this.calibrationReadout(draws);
        const view = o ? Object.assign(Object.create(this) as this, o) : this;
        return view.posteriors(m, xs, { seed });
      },
    }, model, opts);
    this.calibration = report;
    return report;
  }

  /** All modules to save, by name. */
  modules(): Record<string, Module> {
    return { encoder: this.encoder, ...this.headModules() };
  }

  /**
   * The save in memory, with no file system: `{ manifest, weights }` (weights.bin's bytes). Load it
   * back with the backend's `load(serialized)` or `loadEstimator(serialized)`.
   */
  serialize(): SerializedBundle {
    const config: AmortizedConfig<E> = {
      amortizedVersion: AMORTIZED_CONFIG_VERSION,
      paramDim: this.paramDim,
      dataDim: this.dataDim,
      encoder: this.encoder.toJSON(),
      estimator: this.estimatorConfig(),
      calibration: this.calibration,
      ood: this.ood,
    };
    return serializeBundle({
      kind: this.kind,
      fingerprint: this.fingerprint,
      modules: this.modules(),
      config,
      normalization: this.normalization(),
      training: this.training,
    }, libraryVersion());
  }

  /** The save as one byte array (e.g. to store in IndexedDB or send); load it with `loadEstimator(bytes)`. */
  toBytes(): Uint8Array {
    return bundleToBytes(this.serialize());
  }

  /** Save to directory `dir` (atomically, replacing a previous save); reload with the backend's `load`. */
  async save(dir: string): Promise<Manifest> {
    const s = this.serialize();
    await writeSerialized(dir, s);
    return s.manifest;
  }

  /** Release the weights' memory. */
  dispose(): void {
    for (const m of Object.values(this.modules())) m.dispose();
  }
}
