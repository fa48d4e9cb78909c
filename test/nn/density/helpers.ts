/**
 * Shared test fixtures for the density estimators: backend set-up, known densities with exact
 * log-densities, a minimal Adam loop (the engine's trainer is elsewhere; this is just enough to fit),
 * and seeded weight perturbation so invertibility/normalisation are tested on non-trivial maps
 * (freshly initialised flows are close to the identity).
 */
import { initNeuralBackend, tf } from '../../../src/nn/backend.js';
import { mulberry32, standardNormalArray } from '../../../src/nn/density/random.js';
import type { ConditionalDensityEstimator } from '../../../src/nn/density/index.js';

export { tf };

export async function setupBackend(): Promise<string> {
  const info = await initNeuralBackend();
  return info.name;
}

/** A (y, context) batch: y (B, D) and context (B, C) or null, as float32 row-major arrays. */
export interface Batch {
  y: Float32Array;
  context: Float32Array | null;
  rows: number;
}

/**
 * Banana: y1 ~ N(0, 1), y2 | y1 ~ N(b (y1² − 1), s²), b = 0.5, s = 0.5.
 * Entropy H = ½ log(2πe) + ½ log(2πe s²) = log(2πe) + log s ≈ 2.1447 nats.
 */
export const BANANA = { b: 0.5, s: 0.5, entropy: Math.log(2 * Math.PI * Math.E) + Math.log(0.5) };

export function bananaSample(rows: number, seed: number): Batch {
  const e = standardNormalArray(2 * rows, seed);
  const y = new Float32Array(2 * rows);
  for (let i = 0; i < rows; i++) {
    const y1 = e[2 * i]!;
    y[2 * i] = y1;
    y[2 * i + 1] = BANANA.b * (y1 * y1 - 1) + BANANA.s * e[2 * i + 1]!;
  }
  return { y, context: null, rows };
}

export function bananaLogDensity(y1: number, y2: number): number {
  const r = (y2 - BANANA.b * (y1 * y1 - 1)) / BANANA.s;
  return -0.5 * y1 * y1 - 0.5 * r * r - Math.log(2 * Math.PI) - Math.log(BANANA.s);
}

/** Conditional Gaussian y | c ~ N(a c, s²) with c ~ U(−2, 2); a = 1.5, s = 0.5. */
export const LINEAR = { a: 1.5, s: 0.5 };

export function linearSample(rows: number, seed: number): Batch {
  const e = standardNormalArray(rows, seed);
  const u = mulberry32(seed ^ 0x5bd1e995);
  const y = new Float32Array(rows);
  const context = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = 4 * u() - 2;
    context[i] = c;
    y[i] = LINEAR.a * c + LINEAR.s * e[i]!;
  }
  return { y, context, rows };
}

function toTensors(est: ConditionalDensityEstimator, batch: Batch): { y: tf.Tensor2D; c: tf.Tensor2D | null } {
  return {
    y: tf.tensor2d(batch.y, [batch.rows, est.dim]),
    c: batch.context ? tf.tensor2d(batch.context, [batch.rows, est.contextDim]) : null,
  };
}

/** Mean log q over a batch, as a number. */
export function meanLogProb(est: ConditionalDensityEstimator, batch: Batch): number {
  return tf.tidy(() => {
    const { y, c } = toTensors(est, batch);
    return tf.mean(est.logProb(y, c)).dataSync()[0]!;
  });
}

/** log q for every row of a batch. */
export function logProbArray(est: ConditionalDensityEstimator, batch: Batch): Float32Array {
  return tf.tidy(() => {
    const { y, c } = toTensors(est, batch);
    return est.logProb(y, c).dataSync() as Float32Array;
  });
}

/**
 * Minimal Adam loop on fresh draws each step (online training, so no overfitting to judge):
 * lr decays by cosine from `lr` to lr/20. Returns the final loss.
 */
export function fit(
  est: ConditionalDensityEstimator,
  draw: (rows: number, seed: number) => Batch,
  opts: { steps: number; batch: number; lr: number; seed: number },
): number {
  const optimizer = tf.train.adam(opts.lr);
  let loss = NaN;
  for (let step = 0; step < opts.steps; step++) {
    const frac = step / opts.steps;
    (optimizer as unknown as { learningRate: number }).learningRate =
      opts.lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * frac)));
    const batch = draw(opts.batch, opts.seed * 100_003 + step);
    const l = tf.tidy(() => {
      const { y, c } = toTensors(est, batch);
      return optimizer.minimize(() => tf.neg(tf.mean(est.logProb(y, c))) as tf.Scalar, true, est.trainableVariables())!;
    });
    if (step === opts.steps - 1 || step % 100 === 0) loss = l.dataSync()[0]!;
    l.dispose();
  }
  optimizer.dispose();
  return loss;
}

/**
 * Adds seeded noise to every weight: N(0, σ²/fanIn) to matrices, N(0, σ²) to vectors, so that
 * layer outputs move by O(σ) whatever the width.
 */
export function perturbWeights(est: { trainableVariables(): tf.Variable[] }, sigma: number, seed: number): void {
  est.trainableVariables().forEach((v, i) => {
    const noise = standardNormalArray(v.size, seed * 7919 + i);
    const scale = v.rank === 2 ? sigma / Math.sqrt(v.shape[0]!) : sigma;
    tf.tidy(() => v.assign(tf.add(v, tf.mul(tf.tensor(noise, v.shape), scale))));
  });
}

/**
 * A bimodal, curved target no single affine layer can represent:
 * y1 ~ ½ N(−1, 0.35²) + ½ N(1, 0.35²),  y2 | y1 ~ N(0.8 sin(2 y1), 0.3²).
 * Its entropy has no closed form; tests estimate it by Monte Carlo.
 */
export const BIMODAL = { m: 1, s1: 0.35, amp: 0.8, freq: 2, s2: 0.3 };

export function bimodalSample(rows: number, seed: number): Batch {
  const e = standardNormalArray(2 * rows, seed);
  const u = mulberry32(seed ^ 0x27d4eb2f);
  const y = new Float32Array(2 * rows);
  for (let i = 0; i < rows; i++) {
    const y1 = (u() < 0.5 ? -BIMODAL.m : BIMODAL.m) + BIMODAL.s1 * e[2 * i]!;
    y[2 * i] = y1;
    y[2 * i + 1] = BIMODAL.amp * Math.sin(BIMODAL.freq * y1) + BIMODAL.s2 * e[2 * i + 1]!;
  }
  return { y, context: null, rows };
}

export function bimodalLogDensity(y1: number, y2: number): number {
  const { m, s1, amp, freq, s2 } = BIMODAL;
  const a = -0.5 * ((y1 + m) / s1) ** 2;
  const b = -0.5 * ((y1 - m) / s1) ** 2;
  const mx = Math.max(a, b);
  const logP1 = mx + Math.log(0.5 * Math.exp(a - mx) + 0.5 * Math.exp(b - mx)) - Math.log(s1) - 0.5 * Math.log(2 * Math.PI);
  const r = (y2 - amp * Math.sin(freq * y1)) / s2;
  return logP1 - 0.5 * r * r - Math.log(s2) - 0.5 * Math.log(2 * Math.PI);
}
