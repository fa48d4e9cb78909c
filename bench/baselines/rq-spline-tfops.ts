/**
 * BENCHMARK BASELINE — not used by the library. The RQ spline as the library wrote it before
 * src/runtime/nn/density/rq-spline-math.ts: the same function built from ≈ 50 tfjs ops forward
 * (≈ 100 backward). bench/nn-engine.bench.ts trains the same flow with both, in the same run.
 *
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
 * Bins are found by counting knots below x (a step function, no gradient needed) and the bin's values
 * selected with a one-hot product, so gradients reach the parameters without gather (whose
 * gradient kernel the wasm backend lacks). Cumulative sums are products with a constant
 * triangular matrix. Outside [−B, B] the spline is evaluated on the clamped input and blended
 * away with a 0/1 mask (not tf.where, whose boolean condition the tape cannot differentiate).
 */
import * as tf from '@tensorflow/tfjs';
import type { ElementwiseTransform } from '../../src/nn/density/elementwise.js';

/** f on `inputs` as a constant for autodiff (zero gradient; comparisons have no gradient in tfjs). */
function nonDifferentiable<T extends tf.Tensor>(f: (...xs: tf.Tensor[]) => T, ...inputs: tf.Tensor[]): T {
  const wrapped = tf.customGrad((...args: unknown[]) => {
    const xs = args.slice(0, inputs.length) as tf.Tensor[];
    return { value: f(...xs), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  });
  return wrapped(...inputs) as T;
}

export interface RqSplineOptions {
  /** K, number of bins (≥ 2). */
  bins: number;
  /** B: the spline acts on [−B, B], identity outside. */
  bound: number;
  minBin?: number;
  minDerivative?: number;
}


/** Per-bin quantities of the selected bin, each (B, D). */
interface Bin {
  xk: tf.Tensor;
  w: tf.Tensor;
  yk: tf.Tensor;
  h: tf.Tensor;
  dk: tf.Tensor;
  dk1: tf.Tensor;
}

export class TfOpsRqSpline implements ElementwiseTransform {
  readonly paramGroups: readonly number[];
  readonly bins: number;
  readonly bound: number;
  private readonly minBin: number;
  private readonly minDerivative: number;
  /** (K, K) with U[i][j] = 1 for i < j: exclusive cumulative sum by a product. */
  private readonly exclusiveCumsum: tf.Tensor2D;
  /** (K − 1, K) placing interior derivative j at knot j + 1 (left ends of bins 1 … K−1). */
  private readonly toLeft: tf.Tensor2D;
  /** (K − 1, K) placing interior derivative j at bin j's right end. */
  private readonly toRight: tf.Tensor2D;
  /** (K) = e_0 and e_{K−1}: the boundary derivatives 1 at the left of bin 0 / right of bin K−1. */
  private readonly firstUnit: tf.Tensor1D;
  private readonly lastUnit: tf.Tensor1D;
  /** (K, K) difference matrix: one-hot_j = ge_j − ge_{j+1} for the step indicators ge. */
  private readonly stepToOneHot: tf.Tensor2D;

  constructor(opts: RqSplineOptions) {
    if (!(opts.bins >= 2)) throw new Error(`TfOpsRqSpline: bins must be ≥ 2, got ${opts.bins}`);
    if (!(opts.bound > 0)) throw new Error(`TfOpsRqSpline: bound must be > 0, got ${opts.bound}`);
    this.bins = opts.bins;
    this.bound = opts.bound;
    this.minBin = opts.minBin ?? 1e-3;
    this.minDerivative = opts.minDerivative ?? 1e-3;
    if (this.minBin * this.bins >= 1) throw new Error('TfOpsRqSpline: minBin · bins must be < 1');
    const k = opts.bins;
    this.paramGroups = [k, k, k - 1];
    const u = new Float32Array(k * k);
    const diff = new Float32Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) u[i * k + j] = 1;
      diff[i * k + i] = 1;
      if (i > 0) diff[i * k + i - 1] = -1;
    }
    const left = new Float32Array((k - 1) * k);
    const right = new Float32Array((k - 1) * k);
    for (let j = 0; j < k - 1; j++) {
      left[j * k + j + 1] = 1;
      right[j * k + j] = 1;
    }
    const first = new Float32Array(k);
    first[0] = 1;
    const last = new Float32Array(k);
    last[k - 1] = 1;
    this.exclusiveCumsum = tf.tensor2d(u, [k, k]);
    this.stepToOneHot = tf.tensor2d(diff, [k, k]);
    this.toLeft = tf.tensor2d(left, [k - 1, k]);
    this.toRight = tf.tensor2d(right, [k - 1, k]);
    this.firstUnit = tf.tensor1d(first);
    this.lastUnit = tf.tensor1d(last);
  }

  /** Left knots and bin sizes (each (B, D, K), data units) from raw widths or heights (B, D, K). */
  private knots(raw: tf.Tensor3D): { left: tf.Tensor3D; size: tf.Tensor3D } {
    const [b, d, k] = raw.shape;
    const frac = tf.add(tf.mul(tf.softmax(raw), 1 - this.minBin * k), this.minBin);
    const cum = tf.reshape(tf.matMul(tf.reshape(frac, [b * d, k]), this.exclusiveCumsum), [b, d, k]);
    const span = 2 * this.bound;
    return { left: tf.sub(tf.mul(cum, span), this.bound) as tf.Tensor3D, size: tf.mul(frac, span) as tf.Tensor3D };
  }

  /**
   * Selects, for each coordinate, the bin containing v (B, D) on the x or y side, and returns its
   * six quantities as (B, D) tensors. Written with products by constant matrices and same-shape
   * elementwise ops only: on the wasm backend concat/split/slice and broadcasting comparisons cost
   * 10–100× a small matMul, and this runs in every layer of every training step.
   */
  private selectBin(params: tf.Tensor3D[], v: tf.Tensor2D, side: 'x' | 'y'): Bin {
    const [wRaw, hRaw, dRaw] = params as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
    const [b, d, k] = wRaw.shape;
    const xs = this.knots(wRaw);
    const ys = this.knots(hRaw);
    // Shifted so that raw 0 gives exactly δ = 1 (all-zero parameters are the identity).
    const shift = Math.log(Math.expm1(1 - this.minDerivative));
    const inner = tf.reshape(tf.add(tf.softplus(tf.add(dRaw, shift)), this.minDerivative), [b * d, k - 1]);
    const dLeft = tf.reshape(tf.add(tf.matMul(inner, this.toLeft), this.firstUnit), [b, d, k]);
    const dRight = tf.reshape(tf.add(tf.matMul(inner, this.toRight), this.lastUnit), [b, d, k]);
    // ge_j = [v > x_j] (ge_0 forced to 1 since x_0 = −B ≤ clamped v), one-hot_j = ge_j − ge_{j+1}.
    const oneHot = nonDifferentiable(
      (l, x) => {
        const ge = tf.step(tf.sub(tf.expandDims(x, 2), tf.sub(l, this.firstUnit)));
        return tf.reshape(tf.matMul(tf.reshape(ge, [b * d, k]), this.stepToOneHot), [b, d, k]);
      },
      side === 'x' ? xs.left : ys.left,
      v,
    );
    const pick = (t: tf.Tensor) => tf.sum(tf.mul(t, oneHot), 2);
    return { xk: pick(xs.left), w: pick(xs.size), yk: pick(ys.left), h: pick(ys.size), dk: pick(dLeft), dk1: pick(dRight) };
  }

  /** 1 strictly inside (−B, B), 0 elsewhere, as a float constant for autodiff; v (B, D). */
  private insideMask(v: tf.Tensor2D): tf.Tensor2D {
    return nonDifferentiable((x) => tf.step(tf.sub(this.bound, tf.abs(x))), v) as tf.Tensor2D;
  }

  /** x (B, D), params [widths (B, D, K), heights (B, D, K), derivatives (B, D, K − 1)] → y = g(x) (B, D) and log g'(x) (B, D). */
  forward(x: tf.Tensor2D, params: tf.Tensor3D[]): { y: tf.Tensor2D; logDeriv: tf.Tensor2D } {
    return tf.tidy(() => {
      const inside = this.insideMask(x);
      const xc = tf.clipByValue(x, -this.bound, this.bound) as tf.Tensor2D;
      const { xk, w, yk, h, dk, dk1 } = this.selectBin(params, xc, 'x');
      const s = tf.div(h, w);
      const xi = tf.clipByValue(tf.div(tf.sub(xc, xk), w), 0, 1);
      const xi1 = tf.mul(xi, tf.sub(1, xi)); // ξ(1−ξ)
      const denom = tf.add(s, tf.mul(tf.sub(tf.add(dk1, dk), tf.mul(s, 2)), xi1));
      const numer = tf.add(tf.mul(s, tf.square(xi)), tf.mul(dk, xi1));
      const y = tf.add(yk, tf.div(tf.mul(h, numer), denom));
      const derivNumer = tf.add(
        tf.add(tf.mul(dk1, tf.square(xi)), tf.mul(tf.mul(s, 2), xi1)),
        tf.mul(dk, tf.square(tf.sub(1, xi))),
      );
      const logDeriv = tf.sub(tf.add(tf.mul(tf.log(s), 2), tf.log(derivNumer)), tf.mul(tf.log(denom), 2));
      // Blend with a 0/1 mask: both branches are finite (the spline saw the clamped input).
      return {
        y: tf.add(tf.mul(inside, y), tf.mul(tf.sub(1, inside), x)) as tf.Tensor2D,
        logDeriv: tf.mul(inside, logDeriv) as tf.Tensor2D,
      };
    });
  }

  /** y (B, D), params as in `forward` → x = g⁻¹(y) (B, D). */
  inverse(y: tf.Tensor2D, params: tf.Tensor3D[]): tf.Tensor2D {
    return tf.tidy(() => {
      const inside = this.insideMask(y);
      const yc = tf.clipByValue(y, -this.bound, this.bound) as tf.Tensor2D;
      const { xk, w, yk, h, dk, dk1 } = this.selectBin(params, yc, 'y');
      const s = tf.div(h, w);
      const delta = tf.sub(yc, yk);
      const sigma = tf.sub(tf.add(dk1, dk), tf.mul(s, 2));
      const a = tf.add(tf.mul(h, tf.sub(s, dk)), tf.mul(delta, sigma));
      const b = tf.sub(tf.mul(h, dk), tf.mul(delta, sigma));
      const c = tf.mul(tf.neg(s), delta);
      const disc = tf.relu(tf.sub(tf.square(b), tf.mul(tf.mul(a, c), 4)));
      const xi = tf.div(tf.mul(c, 2), tf.sub(tf.neg(b), tf.sqrt(disc)));
      const x = tf.add(tf.mul(tf.clipByValue(xi, 0, 1), w), xk);
      return tf.add(tf.mul(inside, x), tf.mul(tf.sub(1, inside), y)) as tf.Tensor2D;
    });
  }

  dispose(): void {
    tf.dispose([this.exclusiveCumsum, this.stepToOneHot, this.toLeft, this.toRight, this.firstUnit, this.lastUnit]);
  }
}
