/**
 * Multilayer perceptron, optionally residual: x (B, inputDim) → (B, outputDim).
 * Hidden layers use `activation`; the output layer is linear.
 */
import * as tf from '@tensorflow/tfjs';
import { dense, denseParams, namedDense, uniformStream, type DenseParams } from './init.js';
import type { MlpConfig, Network, NamedVariable } from './types.js';

export type MlpOptions = Partial<Omit<MlpConfig, 'kind' | 'inputDim' | 'outputDim'>> & { inputDim: number; outputDim: number };

export function mlpConfig(o: MlpOptions): MlpConfig {
  return {
    kind: 'mlp',
    inputDim: o.inputDim,
    hidden: o.hidden ?? [64, 64],
    outputDim: o.outputDim,
    activation: o.activation ?? 'relu',
    residual: o.residual ?? false,
    seed: o.seed ?? 1,
  };
}

export class Mlp implements Network {
  readonly config: MlpConfig;
  readonly inputShape: readonly number[];
  readonly outputDim: number;
  readonly featureSize: number;
  private readonly layers: DenseParams[] = [];

  constructor(options: MlpOptions | MlpConfig) {
    const c = 'kind' in options ? options : mlpConfig(options);
    this.config = c;
    this.inputShape = [c.inputDim];
    this.outputDim = c.outputDim;
    this.featureSize = c.inputDim;
    const u = uniformStream(c.seed);
    const dims = [c.inputDim, ...c.hidden, c.outputDim];
    for (let i = 0; i + 1 < dims.length; i++) {
      this.layers.push(denseParams(dims[i]!, dims[i + 1]!, i + 2 < dims.length ? c.activation : 'linear', u));
    }
  }

  /** x: (B, inputDim) → (B, outputDim). */
  apply(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      let h = x as tf.Tensor2D;
      const last = this.layers.length - 1;
      for (let i = 0; i < last; i++) {
        const y = dense(h, this.layers[i]!, this.config.activation);
        // A skip connection needs equal widths; the first layer changes width, so it never skips.
        h = this.config.residual && i > 0 && h.shape[1] === y.shape[1] ? tf.add(h, y) : y;
      }
      return dense(h, this.layers[last]!, 'linear');
    });
  }

  weights(): NamedVariable[] {
    return this.layers.flatMap((p, i) => namedDense(`dense${i}`, p));
  }

  dispose(): void {
    for (const p of this.layers) { p.W.dispose(); p.b.dispose(); }
  }
}
