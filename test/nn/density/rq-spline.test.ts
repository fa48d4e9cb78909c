/**
 * The rational-quadratic spline primitive on its own: identity at zero parameters, monotone,
 * continuous at the knots (including the joins with the linear tails at ±B), derivative equal to
 * finite differences, inverse by the quadratic root formula, finite parameter gradients.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setupBackend, tf } from './helpers.js';
import { RqSplineTransform } from '../../../src/runtime/nn/density/index.js';
import { standardNormalArray } from '../../../src/runtime/nn/density/random.js';

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

  it('has finite, non-zero gradients with respect to its parameters', () => {
    const raw = rawParams(4);
    const g = tf.tidy(() => {
      const n = grid.length;
      const x = tf.tensor2d(grid, [n, 1]);
      const f = (p: tf.Tensor) => {
        const params = groups(tf.tile(tf.reshape(p, [1, 1, 3 * K - 1]), [n, 1, 1]) as tf.Tensor3D);
        const { y, logDeriv } = spline.forward(x, params);
        return tf.add(tf.sum(tf.square(y)), tf.sum(logDeriv));
      };
      return Array.from(tf.grad(f)(tf.tensor1d(raw)).dataSync());
    });
    g.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(1e-3);
  });
});
