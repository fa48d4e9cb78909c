/**
 * The NPE estimator: a conditional density on the param block of u given the data,
 *
 *   q_φ(u_θ | x) = q_z( (u_θ − m) / sd  |  s_φ(x) ) · Π_j 1/sd_j
 *
 * where q_z is the engine's conditional density estimator on standardised u_θ, s_φ the data
 * encoder (summary network or standardised identity), and (m, sd) the training set's statistics.
 * In constrained θ = g(u_θ):  log q(θ | x) = log q(u_θ | x) − log|det ∂θ/∂u_θ|.
 */
import { tf, Standardizer, type Module, type NamedVariable } from '../../nn/index.js';
import { standardNormalArray } from '../../nn/density/random.js';
import {
  createDensityEstimator, trainingLogProbOf, type AnyDensitySpec, type ConditionalDensityEstimator, type ConditionalFlow,
} from '../../nn/density/index.js';
import type { DataEncoder } from '../amortized/index.js';
import { dataSetRng } from '../readout/learned-posterior.js';

/**
 * The base-noise seed of one data set: a hash of the call's seed and the data set's values alone,
 * so a data set gets the same draws whether it is inferred alone or in a batch (and in any order),
 * while different data sets get independent noise.
 */
export function dataSetSeed(seed: number, x: ArrayLike<number>): number {
  // The same (seed, values) → stream hash the NLE/NRE samplers use, reduced to a tfjs integer seed.
  return dataSetRng('npe', seed, x).int(2 ** 31);
}

function isFlow(e: ConditionalDensityEstimator): e is ConditionalFlow {
  return typeof (e as Partial<ConditionalFlow>).inverse === 'function';
}

export class NpeEstimator implements Module {
  /** P, the dimension of u_θ. */
  readonly dim: number;

  constructor(
    readonly encoder: DataEncoder,
    readonly density: ConditionalDensityEstimator,
    /** Standardisation of u_θ (P features). */
    readonly target: Standardizer,
  ) {
    this.dim = density.dim;
    if (density.contextDim !== encoder.outputDim) {
      throw new Error(`NPE: density expects a context of ${density.contextDim}, the encoder gives ${encoder.outputDim}`);
    }
  }

  /** Build with fresh weights for P parameters from a density spec (dim/contextDim are set here). */
  static create(encoder: DataEncoder, target: Standardizer, spec: AnyDensitySpec): NpeEstimator {
    const config = { ...spec.config, dim: target.featureSize, contextDim: encoder.outputDim };
    return new NpeEstimator(encoder, createDensityEstimator({ ...spec, config } as AnyDensitySpec), target);
  }

  /**
   * log q(z | s(x)) on the standardised scale (add `target.logDetJacobian()` for u_θ).
   * @param z (B, P) standardised u_θ
   * @param x (B, dataDim) flattened data sets
   * @returns (B)
   */
  logProbStandardized(z: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => this.density.logProb(z, this.encoder.encode(x)));
  }

  /** What training maximises on the same scale (the members' own likelihoods for an ensemble). */
  trainingLogProbStandardized(z: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => trainingLogProbOf(this.density, z, this.encoder.encode(x)));
  }

  /**
   * n draws of u_θ for each of B data sets, data set b's from its own base noise
   * `baseNoise(n, P, seeds[b])`. The noise must differ between data sets: draws that share one
   * noise sample are correlated ACROSS data sets, so the errors of that sample (its quantiles are
   * off by ~0.14 sd at n = 100) repeat in every posterior of a batch, and calibration checks that
   * pool many data sets (SBC, coverage) see them as systematic mis-calibration.
   * @param context (B, C) encoded data sets
   * @param seeds B base-noise seeds, one per data set (see `dataSetSeed`)
   * @returns (B·n, P) u_θ on the original scale, rows grouped by data set
   */
  sampleU(context: tf.Tensor2D, n: number, seeds: readonly number[]): Float32Array {
    const B = context.shape[0];
    const P = this.dim;
    if (seeds.length !== B) throw new Error(`NPE sampleU: ${seeds.length} seeds for ${B} data sets`);
    const out = new Float32Array(B * n * P);
    if (isFlow(this.density)) {
      const flow = this.density;
      // ~100k rows per pass bounds the memory of the layers' intermediates.
      const perPass = Math.max(1, Math.floor(100_000 / n));
      for (let b0 = 0; b0 < B; b0 += perPass) {
        const b1 = Math.min(B, b0 + perPass);
        const noiseBuf = new Float32Array((b1 - b0) * n * P);
        for (let b = b0; b < b1; b++) noiseBuf.set(standardNormalArray(n * P, seeds[b]!), (b - b0) * n * P);
        const rows = tf.tidy(() => {
          const ctx = tf.slice(context, [b0, 0], [b1 - b0, context.shape[1]]);
          const rep = tf.reshape(tf.tile(tf.expandDims(ctx, 1), [1, n, 1]), [(b1 - b0) * n, context.shape[1]]) as tf.Tensor2D;
          const noise = tf.tensor2d(noiseBuf, [(b1 - b0) * n, P]);
          return this.target.invert(flow.inverse(noise, rep));
        });
        out.set(rows.dataSync() as Float32Array, b0 * n * P);
        rows.dispose();
      }
      return out;
    }
    for (let b = 0; b < B; b++) {
      const draws = tf.tidy(() => {
        const ctx = tf.slice(context, [b, 0], [1, context.shape[1]]) as tf.Tensor2D;
        return this.target.invert(tf.reshape(this.density.sample(n, ctx, seeds[b]!), [n, P]));
      });
      out.set(draws.dataSync() as Float32Array, b * n * P);
      draws.dispose();
    }
    return out;
  }

  weights(): NamedVariable[] {
    return this.density.weights();
  }

  dispose(): void {
    this.density.dispose();
    this.target.dispose();
  }
}
