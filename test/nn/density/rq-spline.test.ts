/**
 * The rational-quadratic spline primitive on its own: identity at zero parameters, monotone,
 * continuous at the knots (including the joins with the linear tails at ±B), derivative equal to
 * finite differences, inverse by the quadratic root formula; the hand-written reverse mode equal to
 * finite differences of the float64 arithmetic, and what tfjs autodiff sees through the custom ops.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setupBackend, tf } from './helpers.js';
import { RqSplineTransform } from '../../../src/nn/density/index.js';
import { standardNormalArray } from '../../../src/nn/density/random.js';
import { rqSplineBackward, rqSplineForward } from '../../../src/nn/density/rq-spline-math.js';

const K = 6;
const BOUND = 3;
const MIN_BIN = 1e-3;
const MIN_DERIV = 1e-3;

beforeAll(async () => {
  await setupBackend();
});

/** One spline (raw params, seeded, scale 1.5 so bins and slopes vary a lot), repeated for n points. */
function rawParams(seed: number): Float32Array {
  return standardNormalArray(3 * K - 1, seed).map((v) => 1.5 * v);
}

/** Packed (n, 1, 3K − 1) → the transform's three groups: widths, heights, interior derivatives. */
function groups(packed: tf.Tensor3D): tf.Tensor3D[] {
  return tf.split(packed, [K, K, K - 1], 2) as tf.Tensor3D[];
}

function evalSpline(spline: RqSplineTransform, raw: Float32Array, xs: number[]) {
  return tf.tidy(() => {
    const n = xs.length;
    const params = groups(tf.tile(tf.tensor3d(raw, [1, 1, 3 * K - 1]), [n, 1, 1]) as tf.Tensor3D);
    const x = tf.tensor2d(xs, [n, 1]);
    const { y, logDeriv } = spline.forward(x, params);
    const back = spline.inverse(y, params);
    return {
      y: Array.from(y.dataSync()),
      deriv: Array.from(tf.exp(logDeriv).dataSync()),
      back: Array.from(back.dataSync()),
    };
  });
}

/** Knots computed independently in float64 from the raw parameters (the documented formulas). */
function knots(raw: Float32Array): { x: number[]; y: number[] } {
  const side = (offset: number) => {
    const logits = Array.from(raw.slice(offset, offset + K));
    const m = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - m));
    const tot = e.reduce((a, b) => a + b, 0);
    const frac = e.map((v) => MIN_BIN + (1 - MIN_BIN * K) * (v / tot));
    const out = [-BOUND];
    for (const f of frac) out.push(out[out.length - 1]! + 2 * BOUND * f);
    return out;
  };
  return { x: side(0), y: side(K) };
}

describe('RqSplineTransform', () => {
  const spline = new RqSplineTransform({ bins: K, bound: BOUND, minBin: MIN_BIN, minDerivative: MIN_DERIV });
  const grid = Array.from({ length: 1201 }, (_, i) => -6 + (12 * i) / 1200);

  it('is the identity when all raw parameters are zero', () => {
    const { y, deriv } = evalSpline(spline, new Float32Array(3 * K - 1), grid);
    y.forEach((v, i) => expect(Math.abs(v - grid[i]!)).toBeLessThan(1e-5));
    deriv.forEach((d) => expect(Math.abs(d - 1)).toBeLessThan(1e-5));
  });

  for (const seed of [1, 2, 3]) {
    describe(`random spline (seed ${seed})`, () => {
      const raw = rawParams(seed);
      const { y, deriv, back } = evalSpline(spline, raw, grid);

      it('is strictly increasing on [−6, 6] and the identity outside [−B, B]', () => {
        for (let i = 1; i < y.length; i++) expect(y[i]!).toBeGreaterThan(y[i - 1]!);
        grid.forEach((x, i) => {
          if (Math.abs(x) > BOUND) {
            expect(y[i]).toBeCloseTo(x, 6);
            expect(deriv[i]).toBeCloseTo(1, 6);
          }
        });
      });

      it('passes through its knots and is continuous there (|jump| < 1e-4 across ±1e-5)', () => {
        const kn = knots(raw);
        const xs = kn.x.flatMap((x) => [x - 1e-5, x, x + 1e-5]);
        const out = evalSpline(spline, raw, xs).y;
        kn.x.forEach((_, k) => {
          const [left, at, right] = [out[3 * k]!, out[3 * k + 1]!, out[3 * k + 2]!];
          expect(Math.abs(at - kn.y[k]!)).toBeLessThan(2e-5);
          expect(Math.abs(right - left)).toBeLessThan(1e-4 + 2e-5 * 50);
        });
      });

      it("log g' matches central finite differences (h = 1e-3, float32: 2e-3 relative)", () => {
        const h = 1e-3;
        const xs = grid.filter((_, i) => i % 10 === 5);
        const plus = evalSpline(spline, raw, xs.map((x) => x + h)).y;
        const minus = evalSpline(spline, raw, xs.map((x) => x - h)).y;
        const at = evalSpline(spline, raw, xs).deriv;
        xs.forEach((_, i) => {
          const fd = (plus[i]! - minus[i]!) / (2 * h);
          expect(Math.abs(fd - at[i]!)).toBeLessThan(2e-3 * Math.max(1, at[i]!));
        });
      });

      // Where g' ≪ 1 (a bin with a tiny height) x is ill-determined by a float32 y: an error of
      // one ulp in y is ulp/g' in x. So the error is measured in y-space units there.
      it("inverse(forward(x)) = x within 1e-4 · max(1, 1/g'(x))", () => {
        back.forEach((v, i) => expect(Math.abs(v - grid[i]!) * Math.min(1, deriv[i]!)).toBeLessThan(1e-4));
      });
    });
  }

  it('skips coordinates marked inactive (identity there, unchanged elsewhere)', () => {
    const raw = rawParams(5);
    const out = tf.tidy(() => {
      const n = 50;
      const xs = Array.from({ length: 2 * n }, (_, i) => -2.5 + (5 * i) / (2 * n));
      const params = groups(tf.tile(tf.tensor3d(raw, [1, 1, 3 * K - 1]), [n, 2, 1]) as tf.Tensor3D);
      const x = tf.tensor2d(xs, [n, 2]);
      const all = spline.forward(x, params);
      const some = spline.forward(x, params, new Float32Array([1, 0]));
      const inv = spline.inverse(all.y, params, new Float32Array([1, 0]));
      return { xs, all: all.y.arraySync(), some: some.y.arraySync(), someLd: some.logDeriv.arraySync(), inv: inv.arraySync() };
    });
    out.some.forEach((row, b) => {
      expect(row[0]).toBe(out.all[b]![0]);
      expect(row[1]).toBe(Math.fround(out.xs[2 * b + 1]!));
      expect(out.someLd[b]![1]).toBe(0);
      expect(out.inv[b]![0]).toBeCloseTo(out.xs[2 * b]!, 4);
      expect(out.inv[b]![1]).toBe(out.all[b]![1]);
    });
  });

  describe('reverse mode', () => {
    const cfg = { bins: K, bound: BOUND, minBin: MIN_BIN, minDerivative: MIN_DERIV };
    // 40 points across (−B, B) plus two in the tails, each with its own random parameters.
    const xs = Float64Array.from([...Array.from({ length: 40 }, (_, i) => -BOUND + (2 * BOUND * (i + 0.5)) / 40), -BOUND - 0.5, BOUND + 0.25]);
    const n = xs.length;
    const ws = Float64Array.from(standardNormalArray(n * K, 11), (v) => 1.5 * v);
    const hs = Float64Array.from(standardNormalArray(n * K, 12), (v) => 1.5 * v);
    const ds = Float64Array.from(standardNormalArray(n * (K - 1), 13), (v) => 1.5 * v);
    const gy = Float64Array.from(standardNormalArray(n, 14));
    const gl = Float64Array.from(standardNormalArray(n, 15));
    /** L = Σ gy·y + gl·log g' in float64. */
    const loss = () => {
      const y = new Float64Array(n);
      const l = new Float64Array(n);
      rqSplineForward(cfg, xs, ws, hs, ds, y, l);
      return y.reduce((acc, v, i) => acc + gy[i]! * v + gl[i]! * l[i]!, 0);
    };
    const analytic = () => {
      const y = new Float64Array(n);
      const l = new Float64Array(n);
      const tape = rqSplineForward(cfg, xs, ws, hs, ds, y, l);
      const g = { x: new Float64Array(n), w: new Float64Array(n * K), h: new Float64Array(n * K), d: new Float64Array(n * (K - 1)) };
      rqSplineBackward(cfg, tape, xs, ds, gy, gl, g.x, g.w, g.h, g.d);
      return g;
    };

    // Central differences with step 1e-6 on float64 arithmetic: truncation (h² times a third
    // derivative) and rounding (ε·|L|/h) are both below 1e-6 here, so 1e-5 relative to max(1, |g|)
    // separates a wrong term from noise by orders of magnitude.
    it('equals central finite differences for x, widths, heights and derivatives', () => {
      const g = analytic();
      const step = 1e-6;
      const inputs = { x: xs, w: ws, h: hs, d: ds };
      for (const name of ['x', 'w', 'h', 'd'] as const) {
        const arr = inputs[name];
        for (let j = 0; j < arr.length; j++) {
          const keep = arr[j]!;
          arr[j] = keep + step;
          const plus = loss();
          arr[j] = keep - step;
          const minus = loss();
          arr[j] = keep;
          const fd = (plus - minus) / (2 * step);
          expect(Math.abs(g[name][j]! - fd), `${name}[${j}]`).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
        }
      }
    });

    it('is what tfjs autodiff returns through RqSplineTransform.forward (float32)', () => {
      const g = analytic();
      const viaTf = tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from(xs), [n, 1]);
        const w = tf.tensor3d(Float32Array.from(ws), [n, 1, K]);
        const h = tf.tensor3d(Float32Array.from(hs), [n, 1, K]);
        const d = tf.tensor3d(Float32Array.from(ds), [n, 1, K - 1]);
        const wy = tf.tensor2d(Float32Array.from(gy), [n, 1]);
        const wl = tf.tensor2d(Float32Array.from(gl), [n, 1]);
        const f = (...args: tf.Tensor[]) => {
          const { y, logDeriv } = spline.forward(args[0] as tf.Tensor2D, args.slice(1) as tf.Tensor3D[]);
          return tf.add(tf.sum(tf.mul(y, wy)), tf.sum(tf.mul(logDeriv, wl))) as tf.Scalar;
        };
        return tf.grads(f)([x, w, h, d]).map((t) => Array.from(t.dataSync()));
      });
      (['x', 'w', 'h', 'd'] as const).forEach((name, i) => {
        viaTf[i]!.forEach((v, j) => expect(Math.abs(v - g[name][j]!), `${name}[${j}]`).toBeLessThan(1e-3 * Math.max(1, Math.abs(g[name][j]!))));
      });
    });
  });
});
