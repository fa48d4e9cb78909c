/**
 * The rational-quadratic spline of rq-spline.ts as plain loops over typed arrays: value, log
 * derivative, their reverse-mode gradients, and the inverse — in float64 arithmetic, whatever the
 * storage precision.
 *
 * Why by hand: written with tfjs ops the spline is ≈ 50 tiny ops forward and ≈ 100 backward per
 * layer, and on the wasm/CPU backends each op costs a fixed ≈ 10–20 µs whatever its size. A
 * coupling flow's training step was dominated by that overhead (3 ms per spline layer for a batch of
 * 512 in 2-D, against microseconds of arithmetic). Here one pass over the points does the work;
 * rq-spline.ts wraps it as two custom-gradient ops.
 *
 * Layout: n points (a (B, D) tensor flattened), each with its own parameters — K raw widths and K raw
 * heights at [i·K, (i+1)·K) and K − 1 raw interior derivatives at [i·(K−1), (i+1)·(K−1)) (the
 * (B, D, K) and (B, D, K − 1) tensors flattened).
 *
 * `active` (length D, optional): point i is coordinate i mod D; coordinates with active = 0 are
 * passed through as the identity without evaluating the spline (a coupling layer discards them).
 */

/** Output storage: float32 inside tfjs, float64 where a caller (e.g. a finite-difference check) needs it. */
export type FloatArray = Float32Array | Float64Array;

export interface RqSplineConfig {
  bins: number;
  bound: number;
  minBin: number;
  minDerivative: number;
}

/** Raw derivative r ↦ softplus(r + shift) + minDerivative; the shift makes raw 0 give exactly δ = 1. */
function derivativeShift(minDerivative: number): number {
  return Math.log(Math.expm1(1 - minDerivative));
}

function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Softmax probabilities of every point's raw widths and heights (n·K each): the only transcendental
 * work the forward pass shares with the backward pass, which reuses them.
 */
export interface SplineTape {
  pw: Float64Array;
  ph: Float64Array;
  /** The forward pass's `active` mask (skipped points have no probabilities). */
  active: Float32Array | undefined;
}

/** Writes the softmax of raw[offset … offset+K) into p[offset …]. */
function softmaxInto(raw: ArrayLike<number>, p: Float64Array, offset: number, k: number): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, raw[offset + j]!);
  let total = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(raw[offset + j]! - max);
    p[offset + j] = e;
    total += e;
  }
  for (let j = 0; j < k; j++) p[offset + j]! /= total;
}

/**
 * Knots of one axis from its probabilities: knots[j] = −B + 2B Σ_{i<j} (minBin + (1 − K·minBin) p_i),
 * with knots[K] = B exactly (the join with the identity tail).
 */
function knotsInto(cfg: RqSplineConfig, p: Float64Array, offset: number, knots: Float64Array): void {
  const { bins: k, bound, minBin } = cfg;
  const span = 2 * bound;
  const scale = 1 - minBin * k;
  knots[0] = -bound;
  for (let j = 0; j < k; j++) knots[j + 1] = knots[j]! + span * (minBin + scale * p[offset + j]!);
  knots[k] = bound;
}

/** The bin holding v: the largest j with v > knots[j] (bin 0 when v ≤ knots[1]). */
function findBin(knots: Float64Array, bins: number, v: number): number {
  let j = 0;
  while (j + 1 < bins && v > knots[j + 1]!) j++;
  return j;
}

/** δ_j of point i: 1 at the ends, softplus(raw + shift) + minDerivative inside. */
function knotDerivative(cfg: RqSplineConfig, d: ArrayLike<number>, i: number, j: number, shift: number): number {
  return j === 0 || j === cfg.bins ? 1 : softplus(d[i * (cfg.bins - 1) + j - 1]! + shift) + cfg.minDerivative;
}

/** Point i's bin on one axis and its quantities (scratch knots on both axes). */
class BinView {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  k = 0;
  width = 0;
  height = 0;
  s = 0;
  dk = 0;
  dk1 = 0;

  constructor(private readonly cfg: RqSplineConfig) {
    this.xs = new Float64Array(cfg.bins + 1);
    this.ys = new Float64Array(cfg.bins + 1);
  }

  /** Selects the bin containing v on the x side (forward) or the y side (inverse). */
  load(tape: SplineTape, d: ArrayLike<number>, i: number, v: number, side: 'x' | 'y', shift: number): void {
    const k = this.cfg.bins;
    knotsInto(this.cfg, tape.pw, i * k, this.xs);
    knotsInto(this.cfg, tape.ph, i * k, this.ys);
    this.k = findBin(side === 'x' ? this.xs : this.ys, k, v);
    this.width = this.xs[this.k + 1]! - this.xs[this.k]!;
    this.height = this.ys[this.k + 1]! - this.ys[this.k]!;
    this.s = this.height / this.width;
    this.dk = knotDerivative(this.cfg, d, i, this.k, shift);
    this.dk1 = knotDerivative(this.cfg, d, i, this.k + 1, shift);
  }
}

/** Whether point i belongs to a coordinate the caller discards. */
function skipped(active: Float32Array | undefined, i: number): boolean {
  return active !== undefined && active[i % active.length] === 0;
}

/** The softmax probabilities of every point's widths and heights. */
function recordTape(cfg: RqSplineConfig, n: number, w: ArrayLike<number>, h: ArrayLike<number>, active?: Float32Array): SplineTape {
  const k = cfg.bins;
  const tape = { pw: new Float64Array(n * k), ph: new Float64Array(n * k), active };
  for (let i = 0; i < n; i++) {
    if (skipped(active, i)) continue;
    softmaxInto(w, tape.pw, i * k, k);
    softmaxInto(h, tape.ph, i * k, k);
  }
  return tape;
}

/**
 * y = g(x) and log g'(x) for every point. Returns the tape the backward pass needs. Points outside
 * (−B, B) (and NaN) pass through the identity with log g' = 0.
 */
export function rqSplineForward(
  cfg: RqSplineConfig,
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  h: ArrayLike<number>,
  d: ArrayLike<number>,
  y: FloatArray,
  logDeriv: FloatArray,
  active?: Float32Array,
): SplineTape {
  const tape = recordTape(cfg, x.length, w, h, active);
  const bin = new BinView(cfg);
  const shift = derivativeShift(cfg.minDerivative);
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i]!;
    if (!(Math.abs(x0) < cfg.bound) || skipped(active, i)) {
      y[i] = x0;
      logDeriv[i] = 0;
      continue;
    }
    bin.load(tape, d, i, x0, 'x', shift);
    const { s, dk, dk1 } = bin;
    const xi = Math.min(1, Math.max(0, (x0 - bin.xs[bin.k]!) / bin.width));
    const t = xi * (1 - xi);
    // A = s ξ² + δ_k ξ(1−ξ),  Den = s + (δ_{k+1} + δ_k − 2s) ξ(1−ξ),  N2 = δ_{k+1} ξ² + 2s ξ(1−ξ) + δ_k (1−ξ)².
    const a = s * xi * xi + dk * t;
    const den = s + (dk1 + dk - 2 * s) * t;
    const n2 = dk1 * xi * xi + 2 * s * t + dk * (1 - xi) * (1 - xi);
    y[i] = bin.ys[bin.k]! + (bin.height * a) / den;
    logDeriv[i] = 2 * Math.log(s) + Math.log(n2) - 2 * Math.log(den);
  }
  return tape;
}

/**
 * Reverse mode: given upstream gradients gy = ∂L/∂y and gl = ∂L/∂log g' (either may be null for
 * zero), writes ∂L/∂x (gx, n) and ∂L/∂ raw widths, heights, derivatives (gw, gh: n·K; gd: n·(K−1)).
 *
 * Chain, per point in bin k: the pieces' partials in (ξ, s, δ_k, δ_{k+1}) → (x, x_k, w_k, y_k, h_k)
 * through ξ = (x − x_k)/w_k and s = h_k/w_k → the bin sizes through the knots' cumulative sums
 * (x_k = −B + Σ_{j<k} w_j) → the raw logits through the floored softmax, and the knot derivatives
 * through the shifted softplus. ξ clipped to [0, 1] (rounding at a knot) passes no gradient, as
 * tf.clipByValue would.
 */
export function rqSplineBackward(
  cfg: RqSplineConfig,
  tape: SplineTape,
  x: ArrayLike<number>,
  d: ArrayLike<number>,
  gy: ArrayLike<number> | null,
  gl: ArrayLike<number> | null,
  gx: FloatArray,
  gw: FloatArray,
  gh: FloatArray,
  gd: FloatArray,
): void {
  const kBins = cfg.bins;
  const bin = new BinView(cfg);
  const shift = derivativeShift(cfg.minDerivative);
  const c = 2 * cfg.bound * (1 - cfg.minBin * kBins);
  gw.fill(0);
  gh.fill(0);
  gd.fill(0);
  for (let i = 0; i < x.length; i++) {
    const gyi = gy ? gy[i]! : 0;
    const gli = gl ? gl[i]! : 0;
    const x0 = x[i]!;
    // Identity tails (y = x, log g' = 0) and skipped points (also the identity; no tape there).
    if (!(Math.abs(x0) < cfg.bound) || skipped(tape.active, i)) {
      gx[i] = gyi;
      continue;
    }
    bin.load(tape, d, i, x0, 'x', shift);
    const { k, width, height, s, dk, dk1 } = bin;
    const raw = (x0 - bin.xs[k]!) / width;
    const clipped = raw < 0 || raw > 1;
    const xi = Math.min(1, Math.max(0, raw));
    const t = xi * (1 - xi);
    const tp = 1 - 2 * xi;
    const a = s * xi * xi + dk * t;
    const den = s + (dk1 + dk - 2 * s) * t;
    const n2 = dk1 * xi * xi + 2 * s * t + dk * (1 - xi) * (1 - xi);
    // y = y_k + h A/Den: ∂y/∂q = (h/Den)(A_q − (A/Den) Den_q).   log g' = 2 ln s + ln N2 − 2 ln Den:
    // ∂/∂q = N2_q/N2 − 2 Den_q/Den (+ 2/s for q = s). Partials of A, Den, N2 written inline.
    const hd = height / den;
    const ratio = a / den;
    const gyh = gyi * hd;
    const gXi = clipped
      ? 0
      : gyh * (2 * s * xi + dk * tp - ratio * (dk1 + dk - 2 * s) * tp) +
        gli * ((2 * dk1 * xi + 2 * s * tp - 2 * dk * (1 - xi)) / n2 - (2 * (dk1 + dk - 2 * s) * tp) / den);
    const gS = gyh * (xi * xi - ratio * (1 - 2 * t)) + gli * (2 / s + (2 * t) / n2 - (2 * (1 - 2 * t)) / den);
    const gDk = gyh * (t - ratio * t) + gli * (((1 - xi) * (1 - xi)) / n2 - (2 * t) / den);
    const gDk1 = gyh * (-ratio * t) + gli * ((xi * xi) / n2 - (2 * t) / den);
    gx[i] = gXi / width;
    // Bin quantities: ξ = (x − x_k)/w, s = h/w; then the knots and the softmax.
    scatterSide(tape.pw, i * kBins, kBins, k, (-gXi * xi - gS * s) / width, -gXi / width, c, gw);
    scatterSide(tape.ph, i * kBins, kBins, k, gyi * ratio + gS / width, gyi, c, gh);
    // δ_j = softplus(r_{j−1} + shift) + minDerivative for interior knots j = 1 … K − 1.
    const base = i * (kBins - 1);
    if (k >= 1) gd[base + k - 1]! += gDk * sigmoid(d[base + k - 1]! + shift);
    if (k + 1 <= kBins - 1) gd[base + k]! += gDk1 * sigmoid(d[base + k]! + shift);
  }
}

/**
 * Gradient of one axis's raw logits: bin k has size c·p_k (+ floor) and left knot −B + Σ_{j<k} c·p_j
 * (+ floors), c = 2B(1 − K·minBin), so ∂L/∂p_j = c (gSize·[j = k] + gLeft·[j < k]); then the
 * softmax's Jacobian, ∂L/∂u_j = p_j (∂L/∂p_j − Σ_i p_i ∂L/∂p_i).
 */
function scatterSide(
  p: Float64Array,
  offset: number,
  bins: number,
  k: number,
  gSize: number,
  gLeft: number,
  c: number,
  out: FloatArray,
): void {
  let dot = p[offset + k]! * gSize;
  for (let j = 0; j < k; j++) dot += p[offset + j]! * gLeft;
  for (let j = 0; j < bins; j++) {
    const gp = j < k ? gLeft : j === k ? gSize : 0;
    out[offset + j] = c * p[offset + j]! * (gp - dot);
  }
}

/** x = g⁻¹(y) for every point: the root in [0, 1] of the bin's quadratic (see rq-spline.ts). */
export function rqSplineInverse(
  cfg: RqSplineConfig,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  h: ArrayLike<number>,
  d: ArrayLike<number>,
  x: FloatArray,
  active?: Float32Array,
): void {
  const tape = recordTape(cfg, y.length, w, h, active);
  const bin = new BinView(cfg);
  const shift = derivativeShift(cfg.minDerivative);
  for (let i = 0; i < y.length; i++) {
    const y0 = y[i]!;
    if (!(Math.abs(y0) < cfg.bound) || skipped(active, i)) {
      x[i] = y0;
      continue;
    }
    bin.load(tape, d, i, y0, 'y', shift);
    const { k, width, height, s, dk, dk1 } = bin;
    const delta = y0 - bin.ys[k]!;
    const sigma = dk1 + dk - 2 * s;
    const a = height * (s - dk) + delta * sigma;
    const b = height * dk - delta * sigma;
    const c = -s * delta;
    const disc = Math.max(0, b * b - 4 * a * c);
    const xi = (2 * c) / (-b - Math.sqrt(disc));
    x[i] = bin.xs[k]! + Math.min(1, Math.max(0, xi)) * width;
  }
}
