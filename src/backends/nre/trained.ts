/** A trained NRE: the learned log ratio d(u_θ, x), read out as prior × exp(d) by ../readout (grid or batched MCMC). */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { RunOptions } from '../backend.js';
import type { Posterior } from '../posterior.js';
import { DataEncoder, TrainedEstimator, calibrationSampler, type TrainingRecord } from '../amortized/index.js';
import { readoutPosteriors } from '../readout/index.js';
import type { BatchedSamplerOptions } from '../../samplers/index.js';
import type { MlpConfig, Module } from '../../nn/index.js';
import { summarize, type RatioClassifier } from './estimator.js';

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
