/**
 * CNN for gridded data (2-D fields): x (B, H, W, C) → (B, outputDim).
 * Per entry of `convChannels`: conv 3×3 (same padding) + ReLU, then 2×2 max-pool (same padding);
 * then flatten and dense layers (ReLU) and a linear output. The default (16, 32 channels, dense 64)
 * is the benchmark network of issue 4.
 */
import * as tf from '@tensorflow/tfjs';
import { dense, denseParams, initWeight, namedDense, uniformStream, zeros, type DenseParams } from './init.js';
import type { CnnConfig, Network, NamedVariable } from './types.js';

export type CnnOptions = Partial<Omit<CnnConfig, 'kind' | 'height' | 'width' | 'outputDim'>> & {
  height: number;
  width: number;
  outputDim: number;
};

export function cnnConfig(o: CnnOptions): CnnConfig {
  return {
    kind: 'cnn',
    height: o.height,
    width: o.width,
    channels: o.channels ?? 1,
    convChannels: o.convChannels ?? [16, 32],
    denseHidden: o.denseHidden ?? [64],
    outputDim: o.outputDim,
    seed: o.seed ?? 1,
  };
}

interface ConvParams {
  /** (3, 3, Cin, Cout) */
  filter: tf.Variable;
  /** (Cout) */
  bias: tf.Variable;
}

export class Cnn implements Network {
  readonly config: CnnConfig;
  readonly inputShape: readonly number[];
  readonly outputDim: number;
  readonly featureSize: number;
  private readonly convs: ConvParams[] = [];
  private readonly denses: DenseParams[] = [];

  constructor(options: CnnOptions | CnnConfig) {
    const c = 'kind' in options ? options : cnnConfig(options);
    this.config = c;
    this.inputShape = [c.height, c.width, c.channels];
    this.outputDim = c.outputDim;
    this.featureSize = c.channels;
    const u = uniformStream(c.seed);
    let cin = c.channels;
    let h = c.height;
    let w = c.width;
    for (const cout of c.convChannels) {
      this.convs.push({ filter: initWeight([3, 3, cin, cout], 9 * cin, 9 * cout, 'relu', u), bias: zeros([cout]) });
      cin = cout;
      h = Math.ceil(h / 2);
      w = Math.ceil(w / 2);
    }
    const dims = [h * w * cin, ...c.denseHidden, c.outputDim];
    for (let i = 0; i + 1 < dims.length; i++) {
      this.denses.push(denseParams(dims[i]!, dims[i + 1]!, i + 2 < dims.length ? 'relu' : 'linear', u));
    }
  }

  /** x: (B, H, W, C) or (B, H, W) → (B, outputDim). */
  apply(x: tf.Tensor): tf.Tensor2D {
    const c = this.config;
    return tf.tidy(() => {
      let h = (x.rank === 3 ? tf.expandDims(x, 3) : x) as tf.Tensor4D;
      if (h.shape[1] !== c.height || h.shape[2] !== c.width || h.shape[3] !== c.channels) {
        throw new Error(`CNN expects input (B, ${c.height}, ${c.width}, ${c.channels}), got (${x.shape.join(', ')})`);
      }
      for (const p of this.convs) {
        h = tf.fused.conv2d({ x: h, filter: p.filter as tf.Tensor4D, strides: 1, pad: 'same', bias: p.bias, activation: 'relu' });
        h = tf.maxPool(h, 2, 2, 'same');
      }
      let d = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
      const last = this.denses.length - 1;
      for (let i = 0; i < last; i++) d = dense(d, this.denses[i]!, 'relu');
      return dense(d, this.denses[last]!, 'linear');
    });
  }

  weights(): NamedVariable[] {
    return [
      ...this.convs.flatMap((p, i) => [{ name: `conv${i}/filter`, variable: p.filter }, { name: `conv${i}/bias`, variable: p.bias }]),
      ...this.denses.flatMap((p, i) => namedDense(`dense${i}`, p)),
    ];
  }

  dispose(): void {
    for (const p of this.convs) { p.filter.dispose(); p.bias.dispose(); }
    for (const p of this.denses) { p.W.dispose(); p.b.dispose(); }
  }
}
