/** A trained NLE: the learned likelihood q(x | θ), read out as a posterior by ../readout (grid or batched MCMC). */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { RunOptions } from '../backend.js';
import type { Posterior } from '../posterior.js';
import { DataEncoder, TrainedEstimator, calibrationSampler, type TrainingRecord } from '../amortized/index.js';
import { readoutPosteriors, type PosteriorReadout } from '../readout/index.js';
import type { BatchedSamplerOptions } from '../../samplers/index.js';
import type { Module } from '../../nn/index.js';
import type { AnyDensitySpec } from '../../nn/density/index.js';
import type { LikelihoodEstimator } from './estimator.js';

/** What `save` writes as the estimator config: the flow's spec without weights, the read-out, replicates. */
export interface NleConfig {
  density: Omit<AnyDensitySpec, 'weights'>;
  sampler: BatchedSamplerOptions;
  /** R, i.i.d. rows per data set (1: x modelled whole). */
  rows: number;
  /** Posterior read-out (bundles saved before it existed load as 'mcmc'). */
  posterior: PosteriorReadout;
  gridCells: number;
  gridCellsPerAxis: number;
  /** Draws per data set; unset: the sampler's (grid: else 10,000). */
  draws?: number;
}

/** A trained neural likelihood estimator: `infer(model, data, est)` samples prior × q(x | θ). */
export class Nle extends TrainedEstimator<NleConfig> {
  readonly kind = 'nle';

  constructor(
    fingerprint: string,
    encoder: DataEncoder,
    readonly estimator: LikelihoodEstimator,
    readonly config: NleConfig,
    training: TrainingRecord | null,
  ) {
    super(fingerprint, estimator.paramDim, estimator.dataDim, encoder, training);
  }

  /** The same estimator (sharing its weights) with other sampler settings for `infer` (e.g. fewer draws). */
  withSampler(sampler: BatchedSamplerOptions): Nle {
    return new Nle(this.fingerprint, this.encoder, this.estimator, { ...this.config, sampler: { ...this.config.sampler, ...sampler } }, this.training).inheritState(this);
  }

  /** The same estimator (sharing its weights) with other read-out settings (posterior, grid cells, draws, sampler). */
  withReadout(o: Partial<Pick<NleConfig, 'posterior' | 'gridCells' | 'gridCellsPerAxis' | 'draws' | 'sampler'>>): Nle {
    return new Nle(this.fingerprint, this.encoder, this.estimator, { ...this.config, ...o }, this.training).inheritState(this);
  }

  /**
   * log q(x | u_θ) for rows u (n, P) against one flat data set x (D): the learned likelihood.
   * @returns (n)
   */
  logLikelihood(u: Float64Array, x: Float64Array): Float64Array {
    const n = u.length / this.paramDim;
    return this.estimator.logLikelihood(u, this.estimator.standardizeData([x]), new Int32Array(n));
  }

  /** Calibration: `draws` draws from the grid, or one MCMC chain per draw (near-independent draws for SBC). */
  protected override calibrationReadout(draws: number): Record<string, unknown> {
    return { config: { ...this.config, draws, sampler: { ...this.config.sampler, ...calibrationSampler(this.config.sampler, draws) } } };
  }

  protected estimatorConfig(): NleConfig {
    return this.config;
  }

  protected headModules(): Record<string, Module> {
    return { flow: this.estimator.flow };
  }

  protected override normalization(): unknown {
    return { u: this.estimator.uStd.toJSON(), x: this.estimator.xStd.toJSON() };
  }

  protected async posteriors(model: CompiledModel, xs: Float64Array[], options: RunOptions): Promise<Posterior[]> {
    const xStd = this.estimator.standardizeData(xs);
    return readoutPosteriors({
      method: 'nle',
      model,
      xs,
      paramDim: this.paramDim,
      logTerm: (u, targets) => this.estimator.logLikelihood(u, xStd, targets),
      config: this.config,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      timing: this.training ? { training: this.training.trainSeconds, simulation: this.training.simulateSeconds } : {},
      attrs: { density: this.config.density.kind, replicates: this.config.rows },
    });
  }
}
