/**
 * Mixture-of-Gaussians head: turns a network's raw output (B, P) into a K-component Gaussian
 * mixture over y ∈ R^D and evaluates / samples it. The diagonal and full Gaussians are K = 1.
 *
 * Each component is parametrised by its mean μ_k and a lower-triangular *whitening* factor W_k with
 * positive diagonal, Σ_k⁻¹ = W_kᵀ W_k (W_k = L_k⁻¹ for the Cholesky factor Σ_k = L_k L_kᵀ):
 *
 *   ε_k = W_k (y − μ_k),   log N(y; μ_k, Σ_k) = −½‖ε_k‖² − (D/2) log 2π + Σ_d log (W_k)_dd
 *
 * Whitening rather than Cholesky of Σ makes the density a product and a sum — no triangular solve
 * (which has no tfjs gradient) in the training path; only sampling solves W_k x = ε, in plain JS.
 * The diagonal is softplus(raw + log(e − 1)) + floor, which is 1 at raw = 0 (a standard normal at
 * initialisation); the strictly lower part is raw ⊙ (constant mask), since `linalg.bandPart` fails on
 * differentiated tensors. Diagonal covariances keep only the D diagonal entries.
 *
 *   log q(y) = logsumexp_k [ log softmax(α)_k + log N(y; μ_k, Σ_k) ]
 */
import * as tf from '@tensorflow/tfjs';
import { LOG_2PI } from './common.js';
import { mulberry32, standardNormalArray, childSeed } from './random.js';

export type Covariance = 'full' | 'diag';

/** softplus⁻¹(1): shifts the raw diagonal so that zero raw output means unit scale. */
export const UNIT_SHIFT = Math.log(Math.E - 1);
/** Smallest inverse scale: caps a component's sd at 1e3 (in standardised units). */
export const DIAG_FLOOR = 1e-3;

export class GaussianMixtureHead {
  readonly dim: number;
  readonly components: number;
  readonly covariance: Covariance;
  private readonly eye: tf.Tensor2D;
  private readonly strictLower: tf.Tensor2D;

  constructor(dim: number, components: number, covariance: Covariance) {
    this.dim = dim;
    this.components = components;
    this.covariance = covariance;
    const eye = new Float32Array(dim * dim);
    const lower = new Float32Array(dim * dim);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        if (i === j) eye[i * dim + j] = 1;
        if (j < i) lower[i * dim + j] = 1;
      }
    }
    this.eye = tf.tensor2d(eye, [dim, dim]);
    this.strictLower = tf.tensor2d(lower, [dim, dim]);
  }

  /** Raw factor entries per component: D² (full, the upper part unused) or D (diag). */
  private get factorSize(): number {
    return this.covariance === 'full' ? this.dim * this.dim : this.dim;
  }

  /** P = K logits + K·D means + K·(D² or D) factor entries. */
  get outputSize(): number {
    return this.components * (1 + this.dim + this.factorSize);
  }

  /**
   * An output-layer bias that spreads the K means over a standard normal (seeded), so that mixture
   * components start apart instead of relying on tiny weights to break their symmetry.
   */
  initialBias(seed: number): Float32Array {
    const bias = new Float32Array(this.outputSize);
    if (this.components > 1) {
      const mu = standardNormalArray(this.components * this.dim, seed);
      bias.set(mu, this.components);
    }
    return bias;
  }

  /**
   * @param out (B, P) raw network output
   * @param y (B, D)
   * @returns log q(y) (B)
   */
  logProb(out: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const [b] = out.shape;
      const { components: k, dim: d } = this;
      const [logits, muFlat, rawFlat] = tf.split(out, [k, k * d, k * this.factorSize], 1);
      const mu = tf.reshape(muFlat!, [b, k, d]);
      const diff = tf.sub(tf.expandDims(y, 1), mu); // (B, K, D)
      let eps: tf.Tensor; // (B, K, D)
      let logDet: tf.Tensor; // (B, K)
      if (this.covariance === 'full') {
        const raw = tf.reshape(rawFlat!, [b, k, d, d]);
        const diagPos = tf.add(tf.softplus(tf.add(raw, UNIT_SHIFT)), DIAG_FLOOR);
        const w = tf.add(tf.mul(raw, this.strictLower), tf.mul(diagPos, this.eye)); // (B, K, D, D)
        eps = tf.sum(tf.mul(w, tf.expandDims(diff, 2)), -1);
        logDet = tf.sum(tf.mul(tf.log(diagPos), this.eye), [-2, -1]);
      } else {
        const raw = tf.reshape(rawFlat!, [b, k, d]);
        const inv = tf.add(tf.softplus(tf.add(raw, UNIT_SHIFT)), DIAG_FLOOR);
        eps = tf.mul(inv, diff);
        logDet = tf.sum(tf.log(inv), -1);
      }
      const logN = tf.sub(tf.add(tf.mul(tf.sum(tf.square(eps), -1), -0.5), logDet), 0.5 * d * LOG_2PI);
      if (k === 1) return tf.reshape(logN, [b]) as tf.Tensor1D;
      return tf.logSumExp(tf.add(tf.logSoftmax(logits!), logN), 1) as tf.Tensor1D;
    });
  }

  /**
   * One draw per row of the raw output, in float64 JS (sampling needs no gradient):
   * pick k ~ softmax(α), then y = μ_k + W_k⁻¹ ε by forward substitution.
   * @param out (N, P) raw outputs, row-major
   * @returns (N, D) row-major
   */
  sampleFromOutput(out: Float32Array, rows: number, seed: number): Float32Array {
    const { components: k, dim: d } = this;
    const p = this.outputSize;
    const fs = this.factorSize;
    const noise = standardNormalArray(rows * d, childSeed(seed, 0));
    const uniform = mulberry32(childSeed(seed, 1));
    const y = new Float32Array(rows * d);
    const w = new Float64Array(d * d);
    for (let r = 0; r < rows; r++) {
      const o = r * p;
      const comp = k === 1 ? 0 : pickComponent(out, o, k, uniform());
      const muAt = o + k + comp * d;
      const rawAt = o + k + k * d + comp * fs;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) {
          if (this.covariance === 'diag') {
            w[i * d + j] = i === j ? softplus(out[rawAt + i]! + UNIT_SHIFT) + DIAG_FLOOR : 0;
          } else {
            const raw = out[rawAt + i * d + j]!;
            w[i * d + j] = i === j ? softplus(raw + UNIT_SHIFT) + DIAG_FLOOR : raw;
          }
        }
      }
      // Solve W x = ε (W lower-triangular), then y = μ + x.
      for (let i = 0; i < d; i++) {
        let acc = noise[r * d + i]!;
        for (let j = 0; j < i; j++) acc -= w[i * d + j]! * (y[r * d + j]! - out[muAt + j]!);
        y[r * d + i] = out[muAt + i]! + acc / w[i * d + i]!;
      }
    }
    return y;
  }

  dispose(): void {
    this.eye.dispose();
    this.strictLower.dispose();
  }
}

function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/** Index of the component selected by uniform u under softmax(logits at out[o .. o + k)). */
function pickComponent(out: Float32Array, o: number, k: number, u: number): number {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, out[o + j]!);
  let total = 0;
  for (let j = 0; j < k; j++) total += Math.exp(out[o + j]! - max);
  let acc = 0;
  for (let j = 0; j < k; j++) {
    acc += Math.exp(out[o + j]! - max) / total;
    if (u < acc) return j;
  }
  return k - 1;
}
