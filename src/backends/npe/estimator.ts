/**
 * The NPE estimator: a conditional density on the param block of u given the data,
 *
 *   q_φ(u_θ | x) = q_z( (u_θ − m) / sd  |  s_φ(x) ) · Π_j 1/sd_j
 *
 * where q_z is the engine's conditional density estimator on standardised u_θ, s_φ the data
 * encoder (summary network or standardised identity), and (m, sd) the training set's statistics.
 * In constrained θ = g(u_θ):  log q(θ | x) = log q(u_θ | x) − log|det ∂θ/∂u_θ|.
 */
import { tf, Standardizer, type Module, type NamedVariable } from '../../runtime/nn/index.js';
import {
  baseNoise, createDensityEstimator, type AnyDensitySpec, type ConditionalDensityEstimator, type ConditionalFlow,
} from '../../runtime/nn/density/index.js';
import type { DataEncoder } from '../amortized/index.js';

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

  /**
   * n draws of u_θ for each of B data sets, from the same base noise for every data set (so a data
   * set's draws do not depend on what else is in the batch).
   * @param context (B, C) encoded data sets
   * @returns (B·n, P) u_θ on the original scale, rows grouped by data set
   */
  sampleU(context: tf.Tensor2D, n: number, seed: number): Float32Array {
    const B = context.shape[0];
    const P = this.dim;
    const out = new Float32Array(B * n * P);
    if (isFlow(this.density)) {
      const flow = this.density;
      const z = baseNoise(n, P, seed);
      // ~100k rows per pass bounds the memory of the layers' intermediates.
      const perPass = Math.max(1, Math.floor(100_000 / n));
      for (let b0 = 0; b0 < B; b0 += perPass) {
        const b1 = Math.min(B, b0 + perPass);
        const rows = tf.tidy(() => {
          const ctx = tf.slice(context, [b0, 0], [b1 - b0, context.shape[1]]);
          const rep = tf.reshape(tf.tile(tf.expandDims(ctx, 1), [1, n, 1]), [(b1 - b0) * n, context.shape[1]]) as tf.Tensor2D;
          const noise = tf.tile(z, [b1 - b0, 1]) as tf.Tensor2D;
          return this.target.invert(flow.inverse(noise, rep));
        });
        out.set(rows.dataSync() as Float32Array, b0 * n * P);
        rows.dispose();
      }
      z.dispose();
      return out;
    }
    for (let b = 0; b < B; b++) {
      const draws = tf.tidy(() => {
        const ctx = tf.slice(context, [b, 0], [1, context.shape[1]]) as tf.Tensor2D;
        return this.target.invert(tf.reshape(this.density.sample(n, ctx, seed), [n, P]));
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
