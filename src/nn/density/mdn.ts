/**
 * Mixture density network (Bishop 1994): a network maps the context c to the parameters of a
 * K-component Gaussian mixture over y,
 *
 *   q(y | c) = Σ_k π_k(c) N(y; μ_k(c), Σ_k(c)),   π = softmax(α(c)),   Σ_k⁻¹ = W_k(c)ᵀ W_k(c)
 *
 * evaluated with log-softmax and log-sum-exp (see gaussian-head.ts for the parametrisation).
 * Full or diagonal covariances. With contextDim = 0 it is a plain (unconditional) mixture.
 *
 * The diagonal and full-covariance Gaussian estimators are this class with K = 1 (their own kinds
 * and configs live in gaussian.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { BaseDensityConfig, ConditionalDensityEstimator, DensityKind, DensitySpec } from './types.js';
import { DenseStack } from './conditioner.js';
import { GaussianMixtureHead, type Covariance } from './gaussian-head.js';
import { checkContext, checkInputs, exportWeights, importWeights, repeatContext } from './common.js';
import { childSeed } from './random.js';
import type { NamedVariable } from '../networks/types.js';

export interface MdnConfig extends BaseDensityConfig {
  /** K, number of mixture components. */
  components: number;
  covariance: Covariance;
}

export const MDN_DEFAULTS = { hidden: [64, 64], components: 5, covariance: 'full' as Covariance };

/** Shared implementation of every estimator whose output is a Gaussian mixture. */
export class GaussianMixtureEstimator<C extends BaseDensityConfig> implements ConditionalDensityEstimator {
  readonly dim: number;
  readonly contextDim: number;
  protected readonly net: DenseStack;
  protected readonly head: GaussianMixtureHead;

  constructor(
    readonly kind: DensityKind,
    protected readonly config: C,
    components: number,
    covariance: Covariance,
  ) {
    if (!(config.dim >= 1)) throw new Error(`${kind}: dim must be ≥ 1, got ${config.dim}`);
    if (!(components >= 1)) throw new Error(`${kind}: components must be ≥ 1, got ${components}`);
    this.dim = config.dim;
    this.contextDim = config.contextDim;
    this.head = new GaussianMixtureHead(config.dim, components, covariance);
    this.net = new DenseStack({
      inDim: config.contextDim,
      hidden: config.hidden,
      outDim: this.head.outputSize,
      activation: config.activation ?? 'relu',
      seed: childSeed(config.seed, 0),
      outputBias: this.head.initialBias(childSeed(config.seed, 1)),
    });
  }

  /** y (B, D), context (B, C) → (B). */
  logProb(y: tf.Tensor2D, context: tf.Tensor2D | null): tf.Tensor1D {
    checkInputs(this.kind, this.dim, this.contextDim, y, context);
    return tf.tidy(() => this.head.logProb(this.net.apply(context ?? tf.zeros([y.shape[0], 0])), y));
  }

  /** context (B, C) → (B, n, D). */
  sample(n: number, context: tf.Tensor2D | null, seed: number): tf.Tensor3D {
    checkContext(this.kind, this.contextDim, context);
    const { rows, out } = tf.tidy(() => {
      const rep = repeatContext(context, n);
      return { rows: rep.rows, out: this.net.apply(rep.repeated) };
    });
    const data = out.dataSync() as Float32Array;
    out.dispose();
    const y = this.head.sampleFromOutput(data, rows * n, seed);
    return tf.tensor3d(y, [rows, n, this.dim]);
  }

  trainableVariables(): tf.Variable[] {
    return this.net.variables();
  }

  weights(): NamedVariable[] {
    return this.net.namedVariables('net/');
  }

  toSpec(): DensitySpec<C> {
    return { kind: this.kind, config: structuredClone(this.config), weights: exportWeights(this.trainableVariables()) };
  }

  /** Loads spec weights (used by the fromSpec factories). */
  loadWeights(weights: Float32Array[] | undefined): this {
    if (weights) importWeights(this.kind, this.trainableVariables(), weights);
    return this;
  }

  dispose(): void {
    this.net.dispose();
    this.head.dispose();
  }
}

export class MixtureDensityNetwork extends GaussianMixtureEstimator<MdnConfig> {
  constructor(config: MdnConfig) {
    super('mdn', config, config.components, config.covariance);
  }

  static fromSpec(spec: DensitySpec<MdnConfig>): MixtureDensityNetwork {
    return new MixtureDensityNetwork(spec.config).loadWeights(spec.weights);
  }
}
