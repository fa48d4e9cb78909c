/**
 * fast-check arbitraries for model-level property tests: values inside a support, points of the
 * unconstrained space, and data sets simulated from the model itself.
 *
 * Ranges are deliberately moderate (|u| ≤ 5 by default, real values within ±50): properties such
 * as "the gradient matches finite differences" are about the code, and far tails mostly test
 * floating-point overflow, which belongs in dedicated tests.
 */
import fc from 'fast-check';
import type { CompiledModel } from '../lang/compiled-model.js';
import type { Support } from '../runtime/distributions/types.js';
import { createRng } from '../runtime/rng.js';

export interface InSupportOptions {
  /** Half-width of the range for unbounded directions. Default 50. */
  magnitude?: number;
}

/** Values strictly inside a support; `size` entries (for a simplex: a point on the size-simplex). */
export function arbitraryInSupport(support: Support, size: number, options: InSupportOptions = {}): fc.Arbitrary<Float64Array> {
  const m = options.magnitude ?? 50;
  const vec = (arb: fc.Arbitrary<number>): fc.Arbitrary<Float64Array> =>
    fc.array(arb, { minLength: size, maxLength: size }).map((a) => Float64Array.from(a));
  switch (support.kind) {
    case 'real':
      return vec(fc.double({ min: -m, max: m, noNaN: true }));
    case 'positive':
      return vec(fc.double({ min: 1e-3, max: m, noNaN: true }));
    case 'lower':
      return vec(fc.double({ min: 1e-3, max: m, noNaN: true }).map((d) => support.lower + d));
    case 'upper':
      return vec(fc.double({ min: 1e-3, max: m, noNaN: true }).map((d) => support.upper - d));
    case 'unit':
      return vec(fc.double({ min: 1e-4, max: 1 - 1e-4, noNaN: true }));
    case 'interval': {
      const { lower, upper } = support;
      const w = upper - lower;
      return vec(fc.double({ min: 1e-4, max: 1 - 1e-4, noNaN: true }).map((t) => lower + w * t));
    }
    case 'integer': {
      const lo = Math.max(support.lower, -1000);
      const hi = Math.min(support.upper, 1000);
      return vec(fc.integer({ min: lo, max: hi }));
    }
    case 'simplex':
      // Positive weights bounded away from 0, normalised; the result lies strictly inside.
      return fc.array(fc.double({ min: 1e-2, max: 1, noNaN: true }), { minLength: size, maxLength: size }).map((w) => {
        const s = w.reduce((a, b) => a + b, 0);
        return Float64Array.from(w, (v) => v / s);
      });
  }
}

/**
 * A real in [-scale, scale]. fc.double alone picks uniformly among representable doubles, so most of
 * its values are below 1e-100 in magnitude: a gradient checked there says little about the places a
 * sampler visits. So four draws in five are uniform in value, one in five comes from fc.double
 * (zeros, subnormals, the bounds: the edge cases).
 */
function realIn(scale: number): fc.Arbitrary<number> {
  const steps = 2 ** 30;
  const uniform = fc.noBias(fc.integer({ min: -steps, max: steps })).map((k) => (scale * k) / steps);
  return fc.oneof({ arbitrary: uniform, weight: 4 }, { arbitrary: fc.double({ min: -scale, max: scale, noNaN: true }), weight: 1 });
}

/** Points of the model's unconstrained space u, each coordinate in [-scale, scale] (default 5). */
export function arbitraryUnconstrained(model: CompiledModel, scale = 5): fc.Arbitrary<Float64Array> {
  return fc
    .array(realIn(scale), {
      minLength: model.unconstrainedDim,
      maxLength: model.unconstrainedDim,
    })
    .map((a) => Float64Array.from(a));
}

export interface SimulatedDataset {
  /** Constrained parameters (dim), unconstrained point (unconstrainedDim), data (dataDim). */
  theta: Float64Array;
  u: Float64Array;
  x: Float64Array;
}

/**
 * Data sets drawn from the model's own simulator: (θ, u, x) with θ from the prior. Each value is
 * determined by `seed` and a fast-check integer, so a failing case replays exactly.
 */
export function arbitraryDataset(model: CompiledModel, seed: number | string): fc.Arbitrary<SimulatedDataset> {
  return fc.nat().map((i) => {
    const sim = model.simulate(1, createRng(`${seed}/dataset/${i}`));
    return { theta: sim.theta, u: sim.u, x: sim.x };
  });
}
