/**
 * The base of every trained amortized estimator (NPE, NBE, NLE, NRE): an `infer`-compatible
 * Backend bound to the model it was trained on.
 *
 * - `run(model, xs)` refuses a model whose fingerprint differs from the training model's
 *   (InferenceError), initialises the neural backend, and hands the whole batch of data sets to
 *   the subclass's `posteriors` (one pass per batch, not one per data set).
 * - `save(dir)` writes the engine bundle (bundle.ts) with the subclass's modules and config.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import { InferenceError } from '../../lang/errors.js';
import type { Backend, RunOptions } from '../backend.js';
import type { Posterior } from '../posterior.js';
import { initNeuralBackend, saveBundle, type Manifest, type Module } from '../../runtime/nn/index.js';
import { AMORTIZED_CONFIG_VERSION, type AmortizedConfig } from './bundle.js';
import type { DataEncoder } from './data-encoder.js';
import type { TrainingRecord } from './train-options.js';

export abstract class TrainedEstimator<E = unknown> implements Backend {
  abstract readonly kind: string;
  /** Always true: `infer` uses it as is (an untrained backend value trains first). */
  readonly trained = true as const;

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
    return this.posteriors(model, xs, options);
  }

  /** All modules to save, by name. */
  modules(): Record<string, Module> {
    return { encoder: this.encoder, ...this.headModules() };
  }

  /** Save to directory `dir` (atomically, replacing a previous save); reload with the backend's `load`. */
  async save(dir: string): Promise<Manifest> {
    const config: AmortizedConfig<E> = {
      amortizedVersion: AMORTIZED_CONFIG_VERSION,
      paramDim: this.paramDim,
      dataDim: this.dataDim,
      encoder: this.encoder.toJSON(),
      estimator: this.estimatorConfig(),
    };
    return saveBundle(dir, {
      kind: this.kind,
      fingerprint: this.fingerprint,
      modules: this.modules(),
      config,
      normalization: this.normalization(),
      training: this.training,
    });
  }

  /** Release the weights' memory. */
  dispose(): void {
    for (const m of Object.values(this.modules())) m.dispose();
  }
}
