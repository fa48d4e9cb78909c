/**
 * Adam with global-norm gradient clipping, updated on the host.
 *
 * Why host-side: for the network sizes of simulation-based inference (10³–10⁵ weights) the update is
 * a few microseconds of JS, while tfjs's Adam issues ~10 kernels per variable and per-kernel
 * overhead dominates (STACK.md). The gradients are read once (which also gives the NaN check and the
 * global norm for free) and each variable gets a single `assign`. The moments m and v live here;
 * the weights are re-read from the variables every step, so assigning a variable from outside
 * (restoring best weights, loading) needs no bookkeeping.
 */
import * as tf from '@tensorflow/tfjs';

export interface AdamOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Clip the global L2 norm of all gradients to this (Infinity: no clipping). */
  clipNorm?: number;
  /** Decoupled weight decay (AdamW), per step, multiplied by the learning rate. */
  weightDecay?: number;
}

export interface StepInfo {
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** False if any gradient was NaN/inf: then nothing was updated. */
  finite: boolean;
}

export class HostAdam {
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly clipNorm: number;
  readonly weightDecay: number;
  private t = 0;
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];

  constructor(readonly variables: tf.Variable[], o: AdamOptions = {}) {
    this.learningRate = o.learningRate ?? 1e-3;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.epsilon = o.epsilon ?? 1e-8;
    this.clipNorm = o.clipNorm ?? Infinity;
    this.weightDecay = o.weightDecay ?? 0;
    this.m = variables.map((v) => new Float32Array(v.size));
    this.v = variables.map((v) => new Float32Array(v.size));
  }

  /** One update from `grads` (same order as `variables`; not disposed here). */
  step(grads: tf.Tensor[]): StepInfo {
    const g = grads.map((t) => t.dataSync() as Float32Array);
    let sq = 0;
    for (const a of g) for (let i = 0; i < a.length; i++) sq += a[i]! * a[i]!;
    const gradNorm = Math.sqrt(sq);
    if (!Number.isFinite(gradNorm)) return { gradNorm, finite: false };
    const scale = gradNorm > this.clipNorm ? this.clipNorm / gradNorm : 1;
    this.t++;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const lrT = (this.learningRate * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t);
    const decay = 1 - this.learningRate * this.weightDecay;
    for (let k = 0; k < g.length; k++) {
      const variable = this.variables[k]!;
      // A copy: on the cpu backend dataSync returns the tensor's own storage.
      const p = (variable.dataSync() as Float32Array).slice();
      const gk = g[k]!; const m = this.m[k]!; const v = this.v[k]!;
      for (let i = 0; i < p.length; i++) {
        const gi = gk[i]! * scale;
        m[i] = b1 * m[i]! + (1 - b1) * gi;
        v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
        p[i] = p[i]! * decay - (lrT * m[i]!) / (Math.sqrt(v[i]!) + eps);
      }
      const next = tf.tensor(p, variable.shape, 'float32');
      variable.assign(next);
      next.dispose();
    }
    return { gradNorm, finite: true };
  }
}
