/**
 * DeepSets for i.i.d. replicates: x (B, n, d) → ρ( mean_j φ(x_j) [, log n] ) (B, outputDim).
 * Invariant to the order of the n replicates and defined for any n, so one network serves data sets
 * of different sizes. Mixed counts inside one batch are padded to a common n and given a mask.
 */
import * as tf from '@tensorflow/tfjs';
import { dense, denseParams, namedDense, uniformStream, type DenseParams } from './init.js';
import type { ApplyOptions, DeepSetsConfig, Network, NamedVariable } from './types.js';

export type DeepSetsOptions = Partial<Omit<DeepSetsConfig, 'kind' | 'replicateDim' | 'outputDim'>> & {
  replicateDim: number;
  outputDim: number;
};

export function deepSetsConfig(o: DeepSetsOptions): DeepSetsConfig {
  return {
    kind: 'deepsets',
    replicateDim: o.replicateDim,
    phiHidden: o.phiHidden ?? [64],
    poolDim: o.poolDim ?? 64,
    rhoHidden: o.rhoHidden ?? [64],
    outputDim: o.outputDim,
    activation: o.activation ?? 'relu',
    appendLogCount: o.appendLogCount ?? true,
    seed: o.seed ?? 1,
  };
}

export class DeepSets implements Network {
  readonly config: DeepSetsConfig;
  /** n is free: -1 marks the replicate axis. */
  readonly inputShape: readonly number[];
  readonly outputDim: number;
  readonly featureSize: number;
  private readonly phi: DenseParams[] = [];
  private readonly rho: DenseParams[] = [];

  constructor(options: DeepSetsOptions | DeepSetsConfig) {
    const c = 'kind' in options ? options : deepSetsConfig(options);
    this.config = c;
    this.inputShape = [-1, c.replicateDim];
    this.outputDim = c.outputDim;
    this.featureSize = c.replicateDim;
    const u = uniformStream(c.seed);
    const phiDims = [c.replicateDim, ...c.phiHidden, c.poolDim];
    for (let i = 0; i + 1 < phiDims.length; i++) this.phi.push(denseParams(phiDims[i]!, phiDims[i + 1]!, c.activation, u));
    const rhoDims = [c.poolDim + (c.appendLogCount ? 1 : 0), ...c.rhoHidden, c.outputDim];
    for (let i = 0; i + 1 < rhoDims.length; i++) {
      this.rho.push(denseParams(rhoDims[i]!, rhoDims[i + 1]!, i + 2 < rhoDims.length ? c.activation : 'linear', u));
    }
  }

  /** x: (B, n, d), optional mask (B, n) → (B, outputDim). */
  apply(x: tf.Tensor, opts: ApplyOptions = {}): tf.Tensor2D {
    const c = this.config;
    if (x.rank !== 3 || x.shape[2] !== c.replicateDim) {
      throw new Error(`DeepSets expects input (B, n, ${c.replicateDim}), got (${x.shape.join(', ')})`);
    }
    return tf.tidy(() => {
      const [B, n] = x.shape as [number, number, number];
      // φ acts on every replicate independently: fold n into the batch axis.
      let h = tf.reshape(x, [B * n, c.replicateDim]) as tf.Tensor2D;
      for (const p of this.phi) h = dense(h, p, c.activation);
      const h3 = tf.reshape(h, [B, n, c.poolDim]);
      let pooled: tf.Tensor2D;
      let count: tf.Tensor2D; // (B, 1)
      if (opts.mask !== undefined) {
        const m = tf.reshape(opts.mask, [B, n, 1]);
        count = tf.reshape(tf.sum(m, 1), [B, 1]) as tf.Tensor2D;
        pooled = tf.div(tf.sum(tf.mul(h3, m), 1), tf.maximum(count, 1)) as tf.Tensor2D;
      } else {
        count = tf.fill([B, 1], n) as tf.Tensor2D;
        pooled = tf.mean(h3, 1) as tf.Tensor2D;
      }
      let r = c.appendLogCount ? (tf.concat([pooled, tf.log(tf.maximum(count, 1))], 1) as tf.Tensor2D) : pooled;
      const last = this.rho.length - 1;
      for (let i = 0; i < last; i++) r = dense(r, this.rho[i]!, c.activation);
      return dense(r, this.rho[last]!, 'linear');
    });
  }

  weights(): NamedVariable[] {
    return [
      ...this.phi.flatMap((p, i) => namedDense(`phi${i}`, p)),
      ...this.rho.flatMap((p, i) => namedDense(`rho${i}`, p)),
    ];
  }

  dispose(): void {
    for (const p of [...this.phi, ...this.rho]) { p.W.dispose(); p.b.dispose(); }
  }
}
