/**
 * Seeded weight initialisation. Weights are drawn in JS from a small counter-based generator so a
 * seed gives the same network on every backend (tf.random* streams differ between backends).
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation, NamedVariable } from './types.js';

/** mulberry32: uniform [0, 1) stream from a 32-bit seed. */
export function uniformStream(seed: number): () => number {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Uniform(-a, a) weights with a = sqrt(6 / fanIn) for ReLU-like activations (He) and
 * sqrt(6 / (fanIn + fanOut)) otherwise (Glorot). `shape` is the variable's shape.
 */
export function initWeight(shape: number[], fanIn: number, fanOut: number, activation: Activation, u: () => number): tf.Variable {
  const a = activation === 'relu' || activation === 'elu' || activation === 'silu'
    ? Math.sqrt(6 / fanIn)
    : Math.sqrt(6 / (fanIn + fanOut));
  const n = shape.reduce((p, q) => p * q, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (2 * u() - 1) * a;
  return tf.variable(tf.tensor(v, shape), true);
}

export function zeros(shape: number[]): tf.Variable {
  return tf.variable(tf.zeros(shape), true);
}

/** A dense layer's weights: W (inDim, outDim), b (outDim). */
export interface DenseParams {
  W: tf.Variable;
  b: tf.Variable;
}

export function denseParams(inDim: number, outDim: number, activation: Activation, u: () => number): DenseParams {
  return { W: initWeight([inDim, outDim], inDim, outDim, activation, u), b: zeros([outDim]) };
}

/** Name and list a dense layer's weights as prefix/W, prefix/b. */
export function namedDense(prefix: string, p: DenseParams): NamedVariable[] {
  return [{ name: `${prefix}/W`, variable: p.W }, { name: `${prefix}/b`, variable: p.b }];
}

/** Apply an activation elementwise. */
export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'relu': return tf.relu(x);
    case 'tanh': return tf.tanh(x);
    case 'elu': return tf.elu(x);
    case 'silu': return tf.mul(x, tf.sigmoid(x));
    case 'linear': return x;
  }
}

/**
 * x (B, in) → act(x W + b) (B, out). ReLU and linear go through tf.fused.matMul (one kernel when
 * not recording gradients; tfjs unfuses a non-linear activation under a gradient tape); other
 * activations are applied separately because the fused op has no gradient for them.
 * (Measured: a single-op dense layer with a hand-written backward kernel halves the engine calls of
 * an MLP step but does not make it faster on wasm — the matmuls dominate — so stock ops are used.)
 */
export function dense(x: tf.Tensor2D, p: DenseParams, activation: Activation): tf.Tensor2D {
  if (activation === 'relu' || activation === 'linear') {
    return tf.fused.matMul({ a: x, b: p.W as tf.Tensor2D, bias: p.b, activation }) as tf.Tensor2D;
  }
  return activate(tf.fused.matMul({ a: x, b: p.W as tf.Tensor2D, bias: p.b }), activation) as tf.Tensor2D;
}
