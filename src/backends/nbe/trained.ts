/**
 * A trained NBE: for a batch of data sets, one forward pass gives each estimator; results are
 * mapped back to constrained θ and returned as point-only Posteriors (mean / median / quantiles
 * by level). Calls that need draws or a density say so (Posterior's point mode).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { RunOptions } from '../backend.js';
import { Posterior } from '../posterior.js';
import { tf, type Module, type Standardizer, type StandardizerJSON } from '../../nn/index.js';
import { DataEncoder, ParamBlock, TrainedEstimator, type TrainingRecord } from '../amortized/index.js';
import type { NbeEstimator, NbeHeadConfig } from './estimator.js';

/** Saved as the bundle's `config.estimator`. */
export interface NbeConfig {
  head: NbeHeadConfig;
  /** Where quantiles are learned: v = d ⊙ u_θ ('unconstrained') or θ itself ('constrained', simplex params). */
  quantileSpace: 'unconstrained' | 'constrained';
  /** d: +1/−1 per coordinate of u_θ (unconstrained quantile space only). */
  directions: number[];
}

/** Estimates for B data sets, in constrained θ. */
export interface NbeEstimates {
  /** B arrays of D */
  mean?: Float64Array[];
  median?: Float64Array[];
  /** level → B arrays of D */
  quantiles: Record<number, Float64Array[]>;
}

export class Nbe extends TrainedEstimator<NbeConfig> {
  readonly kind = 'nbe';

  constructor(
    fingerprint: string,
    readonly estimator: NbeEstimator,
    /** Standardisation of θ (mean/median targets). */
    readonly thetaStd: Standardizer,
    /** Standardisation of the quantile space. */
    readonly quantileStd: Standardizer,
    readonly settings: Omit<NbeConfig, 'head'>,
    training: TrainingRecord | null,
    paramDim: number,
    dataDim: number,
  ) {
    super(fingerprint, paramDim, dataDim, estimator.encoder, training);
  }

  protected estimatorConfig(): NbeConfig {
    return { head: this.estimator.config, ...this.settings };
  }

  protected headModules(): Record<string, Module> {
    return { head: this.estimator };
  }

  protected override normalization(): { theta: StandardizerJSON; quantile: StandardizerJSON } {
    return { theta: this.thetaStd.toJSON(), quantile: this.quantileStd.toJSON() };
  }

  /** The estimators for each data set (xs: B flattened data sets), in constrained θ. */
  estimate(model: CompiledModel, xs: Float64Array[]): NbeEstimates {
    this.checkModel(model);
    const B = xs.length;
    const D = model.dim;
    const block = new ParamBlock(model);
    const x = DataEncoder.stack(xs, this.dataDim);
    const outputs = tf.tidy(() => {
      const o = this.estimator.apply(x);
      const kept: tf.NamedTensorMap = {};
      for (const [k, t] of Object.entries(o)) if (t) kept[k] = t;
      return kept;
    });
    const read = (k: string): Float32Array | null => (outputs[k] ? (outputs[k].dataSync() as Float32Array).slice() : null);
    const raw = { mean: read('mean'), median: read('median'), quantiles: read('quantiles') };
    tf.dispose(outputs);
    x.dispose();
    const rows = (flat: Float32Array): Float64Array[] => {
      const th = this.thetaStd.invertArray(flat);
      return Array.from({ length: B }, (_, b) => th.slice(b * D, (b + 1) * D));
    };
    const out: NbeEstimates = { quantiles: {} };
    if (raw.mean) out.mean = rows(raw.mean);
    if (raw.median) out.median = rows(raw.median);
    if (raw.quantiles) {
      const { levels, quantileDim: Q } = this.estimator.config;
      const v = this.quantileStd.invertArray(raw.quantiles); // (B, K, Q)
      const d = this.settings.directions;
      levels.forEach((level, k) => {
        out.quantiles[level] = Array.from({ length: B }, (_, b) => {
          const q = v.slice((b * levels.length + k) * Q, (b * levels.length + k + 1) * Q);
          if (this.settings.quantileSpace === 'constrained') return q;
          for (let j = 0; j < Q; j++) q[j]! *= d[j]!;
          const theta = new Float64Array(D);
          block.toTheta(q, theta);
          return theta;
        });
      });
    }
    return out;
  }

  protected async posteriors(model: CompiledModel, xs: Float64Array[], options: RunOptions): Promise<Posterior[]> {
    const t0 = performance.now();
    const e = this.estimate(model, xs);
    const seconds = (performance.now() - t0) / 1000;
    return xs.map((_, b) => {
      options.onProgress?.({ phase: 'infer', done: b + 1, total: xs.length });
      const point: { mean?: Float64Array; median?: Float64Array } = {};
      if (e.mean) point.mean = e.mean[b]!;
      if (e.median) point.median = e.median[b]!;
      const quantiles: Record<number, Float64Array> = {};
      for (const [level, arr] of Object.entries(e.quantiles)) quantiles[Number(level)] = arr[b]!;
      return new Posterior({
        method: 'nbe',
        params: model.params,
        point,
        quantiles,
        timing: { inference: seconds / xs.length, ...(this.training ? { training: this.training.trainSeconds } : {}) },
        attrs: { estimators: this.estimator.config.targets, levels: this.estimator.config.levels, quantileSpace: this.settings.quantileSpace },
      });
    });
  }
}
