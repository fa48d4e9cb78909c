/**
 * The NBE estimator: a network from data to point estimates and quantiles,
 *
 *   h = MLP(s(x)),   θ̂_mean = unstd(h_mean),   θ̂_median = unstd(h_median)      (constrained θ)
 *   q_1 = h_q1,  q_k = q_{k−1} + softplus(h_qk)   (k = 2..K, levels τ_1 < … < τ_K)   (v space)
 *
 * so estimated quantiles cannot cross. Quantiles live in v = d ⊙ u_θ (u_θ with each coordinate's
 * sign flipped where θ decreases in it), standardised: quantiles are equivariant under monotone
 * increasing maps, so θ's quantile at τ is g(d ⊙ q_τ(v)) — inside the support by construction. With
 * a simplex parameter (not elementwise) the quantiles are learned on standardised θ instead.
 */
import { tf, Mlp, mlpConfig, type MlpConfig, type Module, type NamedVariable } from '../../nn/index.js';
import type { DataEncoder } from '../amortized/index.js';
import type { NbeTarget } from './options.js';

export interface NbeHeadConfig {
  targets: NbeTarget[];
  /** Sorted quantile levels (empty without 'quantiles'). */
  levels: number[];
  /** D (length of θ) for mean/median, Q (length of the quantile space) for quantiles. */
  thetaDim: number;
  quantileDim: number;
  mlp: MlpConfig;
}

/** The outputs on the standardised scales. */
export interface NbeOutputs {
  /** (B, D) standardised θ */
  mean?: tf.Tensor2D;
  /** (B, D) standardised θ */
  median?: tf.Tensor2D;
  /** (B, K, Q) standardised quantile space, non-decreasing along K */
  quantiles?: tf.Tensor3D;
}

export function headConfig(targets: NbeTarget[], levels: number[], thetaDim: number, quantileDim: number, contextDim: number, hidden: number[], seed: number): NbeHeadConfig {
  const sorted = targets.includes('quantiles') ? [...levels].sort((a, b) => a - b) : [];
  for (const l of sorted) if (!(l > 0 && l < 1)) throw new RangeError(`quantile level ${l} must lie in (0, 1)`);
  if (new Set(sorted).size !== sorted.length) throw new RangeError(`quantile levels must be distinct, got ${levels.join(', ')}`);
  const outputDim = (targets.includes('mean') ? thetaDim : 0) + (targets.includes('median') ? thetaDim : 0) + sorted.length * quantileDim;
  if (outputDim === 0) throw new RangeError("nbe: give at least one of 'mean', 'median', 'quantiles' (with levels)");
  return { targets, levels: sorted, thetaDim, quantileDim, mlp: mlpConfig({ inputDim: contextDim, hidden, outputDim, activation: 'relu', seed }) };
}

export class NbeEstimator implements Module {
  readonly head: Mlp;

  constructor(readonly encoder: DataEncoder, readonly config: NbeHeadConfig) {
    this.head = new Mlp(config.mlp);
  }

  /** x (B, dataDim) → the estimators' outputs (standardised scales). */
  apply(x: tf.Tensor2D): NbeOutputs {
    const { thetaDim: D, quantileDim: Q, levels, targets } = this.config;
    const h = this.head.apply(this.encoder.encode(x));
    const B = h.shape[0];
    const out: NbeOutputs = {};
    let col = 0;
    const take = (w: number): tf.Tensor2D => { const t = tf.slice(h, [0, col], [B, w]) as tf.Tensor2D; col += w; return t; };
    if (targets.includes('mean')) out.mean = take(D);
    if (targets.includes('median')) out.median = take(D);
    if (levels.length > 0) {
      const raw = tf.reshape(take(levels.length * Q), [B, levels.length, Q]);
      const first = tf.slice(raw, [0, 0, 0], [B, 1, Q]);
      if (levels.length === 1) out.quantiles = first as tf.Tensor3D;
      else {
        // Running sums by hand: tfjs's cumsum gradient is wrong on a non-last axis.
        const parts = [first];
        for (let k = 1; k < levels.length; k++) {
          parts.push(tf.add(parts[k - 1]!, tf.softplus(tf.slice(raw, [0, k, 0], [B, 1, Q]))));
        }
        out.quantiles = tf.concat(parts, 1) as tf.Tensor3D;
      }
    }
    return out;
  }

  weights(): NamedVariable[] {
    return this.head.weights();
  }

  dispose(): void {
    this.head.dispose();
  }
}
