/**
 * A conditional normalising flow as a composition of invertible layers f = f_L ∘ … ∘ f_1, each
 * conditioned on the context c, mapping data y to base noise z ~ N(0, I_D):
 *
 *   log q(y | c) = log N(f(y); 0, I) + Σ_l log |det ∂f_l / ∂h_{l−1}|
 *
 * Sampling runs the inverses in reverse order on seeded base noise. Layers only see the context as a
 * (B, C) tensor (C may be 0); every concrete flow (affine coupling, MAF, spline) is a list of layers.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConditionalFlow, DensityKind, DensitySpec } from './types.js';
import type { NamedVariable } from '../networks/types.js';
import {
  baseNoise,
  checkContext,
  checkInputs,
  contextOrEmpty,
  exportWeights,
  importWeights,
  repeatContext,
  standardNormalLogProb,
} from './common.js';

export interface FlowLayer {
  /** h (B, D), context (B, C) → next h (B, D) and log|det| (B). */
  forward(h: tf.Tensor2D, context: tf.Tensor2D): { out: tf.Tensor2D; logDet: tf.Tensor1D };
  /** The exact inverse of `forward` for the same context. */
  inverse(h: tf.Tensor2D, context: tf.Tensor2D): tf.Tensor2D;
  variables(): tf.Variable[];
  /** `variables()` with names under `prefix`. */
  namedVariables(prefix: string): NamedVariable[];
  dispose(): void;
}

export abstract class FlowEstimator<C extends { dim: number; contextDim: number }> implements ConditionalFlow {
  readonly dim: number;
  readonly contextDim: number;

  protected constructor(
    readonly kind: DensityKind,
    protected readonly config: C,
    protected readonly layers: FlowLayer[],
  ) {
    if (!(config.dim >= 1)) throw new Error(`${kind}: dim must be ≥ 1, got ${config.dim}`);
    if (!(config.contextDim >= 0)) throw new Error(`${kind}: contextDim must be ≥ 0, got ${config.contextDim}`);
    this.dim = config.dim;
    this.contextDim = config.contextDim;
  }

  forward(y: tf.Tensor2D, context: tf.Tensor2D | null): { z: tf.Tensor2D; logDet: tf.Tensor1D } {
    checkInputs(this.kind, this.dim, this.contextDim, y, context);
    return tf.tidy(() => {
      const ctx = contextOrEmpty(context, y.shape[0]);
      let h = y;
      let logDet = tf.zeros([y.shape[0]]) as tf.Tensor1D;
      for (const layer of this.layers) {
        const step = layer.forward(h, ctx);
        h = step.out;
        logDet = tf.add(logDet, step.logDet);
      }
      return { z: h, logDet };
    });
  }

  inverse(z: tf.Tensor2D, context: tf.Tensor2D | null): tf.Tensor2D {
    checkInputs(this.kind, this.dim, this.contextDim, z, context);
    return tf.tidy(() => {
      const ctx = contextOrEmpty(context, z.shape[0]);
      let h = z;
      for (let l = this.layers.length - 1; l >= 0; l--) h = this.layers[l]!.inverse(h, ctx);
      return h;
    });
  }

  logProb(y: tf.Tensor2D, context: tf.Tensor2D | null): tf.Tensor1D {
    return tf.tidy(() => {
      const { z, logDet } = this.forward(y, context);
      return tf.add(standardNormalLogProb(z), logDet);
    });
  }

  /** context (B, C) → (B, n, D); base noise is `baseNoise(B·n, D, seed)`, rows grouped by context. */
  sample(n: number, context: tf.Tensor2D | null, seed: number): tf.Tensor3D {
    checkContext(this.kind, this.contextDim, context);
    return tf.tidy(() => {
      const { rows, repeated } = repeatContext(context, n);
      const z = baseNoise(rows * n, this.dim, seed);
      return tf.reshape(this.inverse(z, context === null ? null : repeated), [rows, n, this.dim]);
    });
  }

  trainableVariables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.variables());
  }

  weights(): NamedVariable[] {
    return this.layers.flatMap((l, i) => l.namedVariables(`layer${i}/`));
  }

  toSpec(): DensitySpec<C> {
    return { kind: this.kind, config: structuredClone(this.config), weights: exportWeights(this.trainableVariables()) };
  }

  loadWeights(weights: Float32Array[] | undefined): this {
    if (weights) importWeights(this.kind, this.trainableVariables(), weights);
    return this;
  }

  dispose(): void {
    for (const l of this.layers) l.dispose();
  }
}
