/**
 * A trained NPE: draws from q(u_θ | x) for a batch of data sets in one pass, mapped to constrained
 * θ, and the log posterior density in θ (normalised, including the bijectors' Jacobian).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { RunOptions } from '../backend.js';
import type { Posterior } from '../posterior.js';
import { tf, type Module, type StandardizerJSON } from '../../nn/index.js';
import type { AnyDensitySpec } from '../../nn/density/index.js';
import {
  DataEncoder, ParamBlock, TrainedEstimator, posteriorFromUnconstrainedDraws, type TrainingRecord,
} from '../amortized/index.js';
import { dataSetSeed, type NpeEstimator } from './estimator.js';

/** Saved as the bundle's `config.estimator`. */
export interface NpeConfig {
  /** The density estimator's kind and config (weights are in weights.bin). */
  density: Omit<AnyDensitySpec, 'weights'>;
  /** Draws per data set at inference. */
  draws: number;
}

export class Npe extends TrainedEstimator<NpeConfig> {
  readonly kind = 'npe';
  /** Draws per data set that `infer` returns (default 10,000). */
  draws: number;

  constructor(fingerprint: string, readonly estimator: NpeEstimator, training: TrainingRecord | null, dataDim: number, draws = 10_000) {
    super(fingerprint, estimator.dim, dataDim, estimator.encoder, training);
    this.draws = draws;
  }

  protected estimatorConfig(): NpeConfig {
    const { kind, config } = this.estimator.density.toSpec();
    return { density: { kind, config } as Omit<AnyDensitySpec, 'weights'>, draws: this.draws };
  }

  protected headModules(): Record<string, Module> {
    return { density: this.estimator };
  }

  /** Calibration asks for `draws` draws per data set. */
  protected override calibrationReadout(draws: number): Record<string, unknown> {
    return { draws };
  }

  protected override normalization(): { target: StandardizerJSON } {
    return { target: this.estimator.target.toJSON() };
  }

  /**
   * n draws of u_θ per data set (rows grouped by data set), deterministic in `seed`. Each data set
   * draws from its own base noise, seeded by (seed, its values) (`dataSetSeed`): the same draws
   * whether it is inferred alone or in a batch, and independent draws for different data sets.
   * @param xs B flattened data sets (each dataDim)
   * @returns (B·n, P)
   */
  sampleUnconstrained(xs: Float64Array[], n: number, seed: number): Float32Array {
    const x = DataEncoder.stack(xs, this.dataDim);
    const ctx = this.encoder.encode(x);
    try {
      return this.estimator.sampleU(ctx, n, xs.map((x) => dataSetSeed(seed, x)));
    } finally {
      x.dispose();
      ctx.dispose();
    }
  }

  /**
   * log q(θ | x) at each row of θ (constrained), normalised; −Infinity outside the prior's support.
   * @param theta (n, dim) constrained θ rows
   * @param x one flattened data set (dataDim)
   * @returns (n)
   */
  logDensityRows(model: CompiledModel, theta: Float64Array, x: Float64Array): Float64Array {
    this.checkModel(model);
    const block = new ParamBlock(model);
    const D = model.dim;
    const P = this.paramDim;
    const n = theta.length / D;
    const u = new Float64Array(n * P);
    const logJac = new Float64Array(n);
    const scratch = new Float64Array(D);
    for (let i = 0; i < n; i++) {
      const ui = block.toU(theta.subarray(i * D, (i + 1) * D));
      if (ui.some((v) => !Number.isFinite(v))) { logJac[i] = NaN; continue; }
      u.set(ui, i * P);
      logJac[i] = block.toTheta(ui, scratch);
    }
    const zs = this.estimator.target.applyArray(u);
    const lq = tf.tidy(() => {
      const xt = tf.tile(tf.tensor2d(Float32Array.from(x), [1, this.dataDim]), [n, 1]) as tf.Tensor2D;
      return this.estimator.logProbStandardized(tf.tensor2d(zs, [n, P]), xt).dataSync();
    });
    const c = this.estimator.target.logDetJacobian();
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number.isNaN(logJac[i]!) ? -Infinity : lq[i]! + c - logJac[i]!;
    return out;
  }

  protected async posteriors(model: CompiledModel, xs: Float64Array[], options: RunOptions): Promise<Posterior[]> {
    const t0 = performance.now();
    const n = this.draws;
    const P = this.paramDim;
    const u = this.sampleUnconstrained(xs, n, options.seed ?? 1);
    const sampling = (performance.now() - t0) / 1000;
    const block = new ParamBlock(model);
    const posts = xs.map((x, b) => {
      options.onProgress?.({ phase: 'infer', done: b + 1, total: xs.length });
      return posteriorFromUnconstrainedDraws(model, u.subarray(b * n * P, (b + 1) * n * P), n, {
        method: 'npe',
        logDensity: (theta: Float64Array) => this.logDensityRows(model, theta, x)[0]!,
        timing: { sampling: sampling / xs.length, ...(this.training ? { training: this.training.trainSeconds } : {}) },
        attrs: { draws: n, density: this.estimator.density.kind, logDensity: 'normalised', batch: xs.length },
      }, block);
    });
    return posts;
  }
}
