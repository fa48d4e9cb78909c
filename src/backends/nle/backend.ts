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
 * in the param block's unconstrained space, read out as NRE's ratio is (../readout/
 * readout.ts): on a θ grid for one parameter (two on request), otherwise by the batched ensemble
 * sampler, one flow evaluation per half-step for all chains and data sets.
 *
 * i.i.d. replicates (`iid: true`, data one node [R, d] or [R]): q models one row and
 * log q(x | u_θ) = Σ_r log q(x_r | u_θ); every simulated row is a training example.
 *
 * Estimator: ./estimator.ts (flow on standardised x given standardised u_θ; a
 * full-covariance Gaussian q evaluates through nn/density/whitened-gaussian.ts, the same
 * function made cheap at high dimension).
 * Loss: ./loss.ts. Inference: ./trained.ts. Training set, save/load, fingerprint check: ../amortized (the shared core).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { Model } from '../../lang/model.js';
import { InferenceError } from '../../lang/errors.js';
import {
  AmortizedBackend, DataEncoder, compileFor, finishTraining, fit, readEstimatorBundle, restoreSaved, trainingSetFor, withDefaults,
  type EstimatorSource, type LoadEstimatorOptions, type TrainingRecord,
} from '../amortized/index.js';
import { assignWeights, initNeuralBackend, Standardizer, type StandardizerJSON } from '../../nn/index.js';
import { createDensityEstimator, initAtMarginalFit, type AnyDensitySpec } from '../../nn/density/index.js';
import { LikelihoodEstimator } from './estimator.js';
import { nleLoss } from './loss.js';
import { DEFAULT_NLE_DENSITY, NLE_TRAIN_DEFAULTS, type NleDensityOption, type NleOptions } from './options.js';
import { Nle, type NleConfig } from './trained.js';

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
