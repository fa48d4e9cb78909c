/**
 * Monotonic rational-quadratic spline (Durkan et al. 2019, "Neural Spline Flows"), elementwise.
 *
 * On [−B, B] the map has K bins with knots (x_k, y_k), k = 0 … K, x_0 = y_0 = −B, x_K = y_K = B, and
 * positive derivatives δ_k at the knots (δ_0 = δ_K = 1, so it joins the identity tails outside
 * [−B, B] with a continuous derivative). In bin k, with w = x_{k+1} − x_k, h = y_{k+1} − y_k,
 * s = h / w and ξ = (x − x_k) / w ∈ [0, 1]:
 *
 *   g(x)  = y_k + h [s ξ² + δ_k ξ(1−ξ)] / [s + (δ_{k+1} + δ_k − 2s) ξ(1−ξ)]
 *   g'(x) = s² [δ_{k+1} ξ² + 2s ξ(1−ξ) + δ_k (1−ξ)²] / [s + (δ_{k+1} + δ_k − 2s) ξ(1−ξ)]²
 *
 * Inverse: with Δ = y − y_k and σ = δ_{k+1} + δ_k − 2s, ξ solves a ξ² + b ξ + c = 0 where
 *   a = h(s − δ_k) + Δσ,   b = hδ_k − Δσ,   c = −sΔ,   and   ξ = 2c / (−b − √(b² − 4ac))
 * (the root in [0, 1]; this form avoids cancellation when a ≈ 0).
 *
 * Parameters per coordinate, three groups (P = 3K − 1 in all): K unnormalised widths, K unnormalised
 * heights (softmax, floored at `minBin`), K − 1 interior derivatives (softplus shifted so that raw 0 gives
 * δ = 1, floored at `minDerivative`). All-zero parameters give the identity.
 *
 * The arithmetic runs in rq-spline-math.ts (float64 loops over the points); this class wraps it as
 * two custom-gradient tfjs ops, one for y and one for log g', each with its hand-written reverse
 * mode. That replaced ≈ 150 tfjs ops per layer and training step (bin selection by one-hot
 * products, cumulative sums by triangular matMuls) whose fixed per-op cost dominated training.
 */
import * as tf from '@tensorflow/tfjs';
import type { ElementwiseTransform } from './elementwise.js';
import { rqSplineBackward, rqSplineForward, rqSplineInverse, type RqSplineConfig } from './rq-spline-math.js';

export interface RqSplineOptions {
  /** K, number of bins (≥ 2). */
  bins: number;
  /** B: the spline acts on [−B, B], identity outside. */
  bound: number;
  minBin?: number;
  minDerivative?: number;
}

export class RqSplineTransform implements ElementwiseTransform {
  readonly paramGroups: readonly number[];
  readonly bins: number;
  readonly bound: number;
  private readonly cfg: RqSplineConfig;

  constructor(opts: RqSplineOptions) {
    if (!(opts.bins >= 2)) throw new Error(`RqSplineTransform: bins must be ≥ 2, got ${opts.bins}`);
    if (!(opts.bound > 0)) throw new Error(`RqSplineTransform: bound must be > 0, got ${opts.bound}`);
    this.bins = opts.bins;
    this.bound = opts.bound;
    this.cfg = { bins: opts.bins, bound: opts.bound, minBin: opts.minBin ?? 1e-3, minDerivative: opts.minDerivative ?? 1e-3 };
    if (this.cfg.minBin * this.bins >= 1) throw new Error('RqSplineTransform: minBin · bins must be < 1');
    this.paramGroups = [opts.bins, opts.bins, opts.bins - 1];
  }

  private checkParams(x: tf.Tensor2D, params: tf.Tensor3D[]): void {
    const [b, dim] = x.shape;
    const want = [this.bins, this.bins, this.bins - 1];
    if (params.length !== 3) throw new Error(`RqSplineTransform: expected 3 parameter groups, got ${params.length}`);
    params.forEach((p, g) => {
      if (p.rank !== 3 || p.shape[0] !== b || p.shape[1] !== dim || p.shape[2] !== want[g]) {
        throw new Error(`RqSplineTransform: parameter group ${g} must have shape (${b}, ${dim}, ${want[g]}), got (${p.shape.join(', ')})`);
      }
    });
  }

  /**
   * x (B, D), params [widths (B, D, K), heights (B, D, K), derivatives (B, D, K − 1)] → y = g(x) (B, D)
   * and log g'(x) (B, D). Coordinates with active[d] = 0 are skipped (identity; see ElementwiseTransform).
   *
   * One pass computes both outputs; each is then attached to the inputs by its own custom-gradient
   * op (tfjs custom gradients have one output each), whose backward pass computes that output's
   * contribution from the shared tape; autodiff adds the two.
   */
  forward(x: tf.Tensor2D, params: tf.Tensor3D[], active?: Float32Array): { y: tf.Tensor2D; logDeriv: tf.Tensor2D } {
    this.checkParams(x, params);
    const inputs = [x, ...params];
    const [xs, ws, hs, ds] = inputs.map((t) => t.dataSync() as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const y = new Float32Array(xs.length);
    const logDeriv = new Float32Array(xs.length);
    const tape = rqSplineForward(this.cfg, xs, ws, hs, ds, y, logDeriv, active);
    const attach = (values: Float32Array, output: 'y' | 'logDeriv') =>
      tf.customGrad((...args: unknown[]) => ({
        value: tf.tensor2d(values, x.shape),
        gradFunc: (dy: tf.Tensor) => {
          const up = dy.dataSync() as Float32Array;
          const grads = inputs.map((t) => new Float32Array(t.size));
          const [gx, gw, gh, gd] = grads as [Float32Array, Float32Array, Float32Array, Float32Array];
          rqSplineBackward(this.cfg, tape, xs, ds, output === 'y' ? up : null, output === 'y' ? null : up, gx, gw, gh, gd);
          return grads.map((g, i) => tf.tensor(g, (args[i] as tf.Tensor).shape, 'float32'));
        },
      }))(...inputs) as tf.Tensor2D;
    return { y: attach(y, 'y'), logDeriv: attach(logDeriv, 'logDeriv') };
  }

  /** y (B, D), params as in `forward` → x = g⁻¹(y) (B, D). Not differentiable (sampling only). */
  inverse(y: tf.Tensor2D, params: tf.Tensor3D[], active?: Float32Array): tf.Tensor2D {
    this.checkParams(y, params);
    const [w, h, d] = params as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
    const x = new Float32Array(y.size);
    rqSplineInverse(this.cfg, y.dataSync(), w.dataSync(), h.dataSync(), d.dataSync(), x, active);
    return tf.tensor2d(x, y.shape);
  }

  /** Nothing to release: the spline holds no tensors. */
  dispose(): void {}
}
