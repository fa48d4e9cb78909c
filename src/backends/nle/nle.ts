/**
 * NLE — neural likelihood estimation (Papamakarios, Sterratt & Murray 2019; sbi's NLE/SNLE_A).
 *
 * Objective: over simulated pairs (u_θ, x) ~ p(u_θ) p(x | θ), minimise
 *
 *   L(φ) = −E log q_φ(x | u_θ)  = E_θ KL(p(x | θ) ‖ q_φ(x | θ)) + const,
 *
 * so q_φ(· | θ) → p(· | θ) wherever the prior puts mass. Inference then treats q as the likelihood:
 *
 *   π(u_θ | x_o) ∝ p(u_θ) · q_φ(x_o | u_θ),
 *
 * in the param block's unconstrained space, read out as NRE's ratio is (../amortized-sampling/
 * readout.ts): on a θ grid for one parameter (two on request), otherwise by the batched ensemble
 * sampler, one flow evaluation per half-step for all chains and data sets.
 *
 * i.i.d. replicates (`iid: true`, data one node [R, d] or [R]): q models one row and
 * log q(x | u_θ) = Σ_r log q(x_r | u_θ); every simulated row is a training example.
 *
 * Estimator: ./likelihood-estimator.ts (flow on standardised x given standardised u_θ; a
 * full-covariance Gaussian q evaluates through nn/density/whitened-gaussian.ts, the same
 * function made cheap at high dimension).
 * Loss: ./loss.ts. Training set, save/load, fingerprint check: ../amortized (the shared core).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { Model } from '../../lang/model.js';
import type { RunOptions } from '../backend.js';
import type { Posterior } from '../posterior.js';
import { InferenceError } from '../../lang/errors.js';
import {
  AmortizedBackend, DataEncoder, TrainedEstimator, calibrationSampler, compileFor, finishTraining, fit, readEstimatorBundle, restoreSaved, trainingSetFor, withDefaults,
  type EstimatorSource, type LoadEstimatorOptions, type TrainingRecord,
} from '../amortized/index.js';
import { readoutPosteriors, type BatchedSamplerOptions, type PosteriorReadout } from '../amortized-sampling/index.js';
import { assignWeights, initNeuralBackend, Standardizer, type Module, type StandardizerJSON } from '../../nn/index.js';
import { createDensityEstimator, initAtMarginalFit, type AnyDensitySpec } from '../../nn/density/index.js';
import { LikelihoodEstimator } from './likelihood-estimator.js';
import { nleLoss } from './loss.js';
import { DEFAULT_NLE_DENSITY, NLE_TRAIN_DEFAULTS, type NleDensityOption, type NleOptions } from './options.js';

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

/** `nle(opts)`: the untrained backend; `.train(model, opts)` returns a trained `Nle`. */
export function nle(opts: NleOptions = {}): NleBackend {
  return new NleBackend(opts);
}

export class NleBackend extends AmortizedBackend<Nle> {
  readonly kind = 'nle';

  constructor(readonly options: NleOptions = {}) {
    super(options);
  }

  async train(model: Model | CompiledModel, opts: NleOptions = {}): Promise<Nle> {
    const m = compileFor(model, opts.inputs ?? this.options.inputs);
    const o = withDefaults<NleOptions>(this.options, opts);
    const R = o.iid ? replicateRows(m) : 1;
    const set = await trainingSetFor(m, o);
    const P = set.u.length / set.n;
    const d = m.dataDim / R;
    const encoder = DataEncoder.fit(m, set.x, 'identity');
    const uStd = Standardizer.fit(set.u, P);
    const xStd = Standardizer.fit(set.x, d);
    const spec = densitySpec(o.density ?? DEFAULT_NLE_DENSITY, d, P, o.seed ?? 1);
    const estimator = new LikelihoodEstimator(createDensityEstimator(spec), uStd, xStd, R);
    // One training example per modelled row: (u_i, x_i) whole, or (u_i, x_ir) for each replicate r.
    const uRows = uStd.applyArray(R > 1 ? repeatRows(set.u, set.n, P, R) : set.u);
    const data = { u: { data: uRows, shape: [P] }, x: { data: xStd.applyArray(set.x), shape: [d] } };
    if (estimator.fast) initAtMarginalFit(estimator.flow, data.x.data);
    const record = await fit({ modules: [estimator.flow], loss: nleLoss(estimator.flow), data, set, opts: o, defaults: NLE_TRAIN_DEFAULTS });
    const config: NleConfig = {
      density: spec, sampler: o.sampler ?? {}, rows: R,
      posterior: o.posterior ?? 'auto', gridCells: o.gridCells ?? 750, gridCellsPerAxis: o.gridCellsPerAxis ?? 200,
      ...(o.draws !== undefined ? { draws: o.draws } : {}),
    };
    return finishTraining(new Nle(m.fingerprint, encoder, estimator, config, record), m, set, o);
  }

  async load(dir: EstimatorSource, opts: LoadEstimatorOptions = {}): Promise<Nle> {
    await initNeuralBackend(); // weights are created on the backend in use: start it first
    const b = await readEstimatorBundle<NleConfig>(dir, 'nle', opts);
    const encoder = DataEncoder.fromJSON(b.config.encoder);
    const norm = b.manifest.normalization as { u: StandardizerJSON; x: StandardizerJSON };
    const spec = b.config.estimator.density as AnyDensitySpec;
    const estimator = new LikelihoodEstimator(createDensityEstimator(spec), Standardizer.fromJSON(norm.u), Standardizer.fromJSON(norm.x), b.config.estimator.rows);
    const saved: Partial<NleConfig> & Pick<NleConfig, 'density' | 'sampler' | 'rows'> = b.config.estimator;
    const config: NleConfig = { ...saved, posterior: saved.posterior ?? 'mcmc', gridCells: saved.gridCells ?? 750, gridCellsPerAxis: saved.gridCellsPerAxis ?? 200 };
    const nle = new Nle(b.manifest.fingerprint, encoder, estimator, config, (b.manifest.training as TrainingRecord | null) ?? null);
    assignWeights(nle.modules(), b.weights);
    return restoreSaved(nle, b, opts);
  }
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

/** R for `iid: true`: the model's one data node must be a matrix [R, d] or a vector [R]. */
function replicateRows(m: CompiledModel): number {
  const node = m.data.length === 1 ? m.data[0]! : null;
  if (!node || node.shape.length < 1 || node.shape.length > 2) {
    const got = m.data.map((v) => `${v.name}: [${v.shape.join(', ')}]`).join(', ');
    throw new InferenceError(`nle({ iid: true }) needs one data node of shape [R, d] (R i.i.d. rows) or [R]; the model's data are ${got}`);
  }
  return node.shape[0]!;
}

/** Each of n rows of width w repeated R times in place: (n, w) → (n·R, w). */
function repeatRows(a: Float64Array, n: number, w: number, R: number): Float64Array {
  const out = new Float64Array(n * R * w);
  for (let i = 0; i < n; i++) for (let r = 0; r < R; r++) out.set(a.subarray(i * w, (i + 1) * w), (i * R + r) * w);
  return out;
}

function densitySpec(option: NleDensityOption, dim: number, contextDim: number, seed: number): AnyDensitySpec {
  const o = typeof option === 'string' ? { kind: option } : option;
  const base = DEFAULT_NLE_DENSITY as { kind: string };
  // A bare family name takes the default's settings when it is the default's family.
  const { kind: _k, ...defaults } = o.kind === base.kind ? base : { kind: o.kind, hidden: [64, 64] };
  const { kind, ...rest } = o;
  return { kind, config: { ...defaults, ...rest, dim, contextDim, seed } } as AnyDensitySpec;
}
