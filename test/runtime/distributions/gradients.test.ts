/**
 * Every distribution's analytic gradient against central finite differences, at points drawn by
 * fast-check over valid arguments and over the support (amortize/testing's gradient checks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getDistribution, scalarDistributions } from '../../../src/runtime/distributions/index.js';
import type { ArgSpec, ScalarDistribution, VectorDistribution } from '../../../src/runtime/distributions/types.js';
import { arbitraryInSupport } from '../../../src/testing/arbitraries.js';
import { checkScalarDistributionGradient, checkVectorDistributionGradient } from '../../../src/testing/gradient.js';

const SEED = 20261125;

function argArbitrary(spec: ArgSpec): fc.Arbitrary<number> {
  switch (spec.constraint) {
    case 'positive':
    case 'nonnegative':
      return fc.double({ min: 0.2, max: 10, noNaN: true });
    case 'probability':
      return fc.double({ min: 0.02, max: 0.98, noNaN: true });
    case 'nonnegative-int':
      return fc.integer({ min: 1, max: 30 });
    default:
      return fc.double({ min: -10, max: 10, noNaN: true });
  }
}

/** Valid arguments for a scalar distribution, then x inside its support. */
function pointArbitrary(dist: ScalarDistribution): fc.Arbitrary<{ args: number[]; x: number }> {
  const argsArb =
    dist.name === 'uniform'
      ? fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true })).map(([a, w]) => [a, a + w])
      : fc.tuple(...dist.args.map(argArbitrary));
  return argsArb.chain((args) => {
    const support = dist.support(args[0] ?? 0, args[1] ?? 0, args[2] ?? 0);
    return arbitraryInSupport(support, 1, { magnitude: 10 }).map((x) => ({ args, x: x[0]! }))
      // double_exponential has a kink at x = mu: finite differences across it measure nothing.
      .filter(({ x }) => dist.name !== 'double_exponential' || Math.abs(x - args[0]!) > 1e-3);
  });
}

describe('scalar distribution gradients match finite differences', () => {
  it.each(Object.keys(scalarDistributions))('%s', (name) => {
    const dist = scalarDistributions[name]!;
    fc.assert(
      fc.property(pointArbitrary(dist), ({ args, x }) => {
        const r = checkScalarDistributionGradient(dist, x, args);
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('discrete x has zero gradient, integer arguments too', () => {
    const out = new Float64Array(4);
    (getDistribution('binomial') as ScalarDistribution).logDensityGrad(out, 3, 10, 0.4, 0);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(0);
    expect(out[2]).toBeCloseTo(3 / 0.4 - 7 / 0.6, 12);
  });

  it('the check catches a wrong gradient', () => {
    const normal = getDistribution('normal') as ScalarDistribution;
    const wrong: ScalarDistribution = {
      ...normal,
      logDensityGrad(out, x, mu, s) {
        const v = normal.logDensityGrad(out, x, mu, s, 0);
        out[2] = out[2]! * 0.99; // a 1% error in ∂/∂scale
        return v;
      },
    };
    const r = checkScalarDistributionGradient(wrong, 0.3, [0, 1.5]);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/∂\/∂sigma/);
  });
});

const positiveVec = (k: number) => fc.array(fc.double({ min: 0.2, max: 8, noNaN: true }), { minLength: k, maxLength: k }).map((a) => Float64Array.from(a));
const realVec = (k: number) => fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: k, maxLength: k }).map((a) => Float64Array.from(a));

/** A random k × k Cholesky factor with diagonal in [0.3, 3]. */
const choleskyArb = (k: number) =>
  fc.tuple(realVec(k * k), fc.array(fc.double({ min: 0.3, max: 3, noNaN: true }), { minLength: k, maxLength: k })).map(([off, diag]) => {
    const L = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < i; j++) L[i * k + j] = 0.5 * off[i * k + j]!;
      L[i * k + i] = diag[i]!;
    }
    return L;
  });

function covarianceFrom(L: Float64Array, k: number): Float64Array {
  const s = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let v = 0;
    for (let m = 0; m < k; m++) v += L[i * k + m]! * L[j * k + m]!;
    s[i * k + j] = v;
  }
  return s;
}

describe('vector distribution gradients match finite differences', () => {
  const sizes = fc.integer({ min: 1, max: 4 });

  it('dirichlet (x and concentration)', () => {
    const dist = getDistribution('dirichlet') as VectorDistribution;
    const arb = fc.integer({ min: 2, max: 5 }).chain((k) => fc.tuple(fc.constant(k), positiveVec(k), arbitraryInSupport({ kind: 'simplex' }, k)));
    fc.assert(
      fc.property(arb, ([k, alpha, x]) => {
        const r = checkVectorDistributionGradient(dist, x, [alpha], k, { step: 1e-5 });
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('categorical_logit (log odds)', () => {
    const dist = getDistribution('categorical_logit') as VectorDistribution;
    const arb = fc.integer({ min: 2, max: 6 }).chain((K) =>
      fc.tuple(fc.float64Array({ minLength: K, maxLength: K, min: -5, max: 5, noNaN: true }), fc.integer({ min: 1, max: K })),
    );
    fc.assert(
      fc.property(arb, ([b, c]) => {
        const r = checkVectorDistributionGradient(dist, Float64Array.of(c), [b], 1, { step: 1e-6 });
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('ordered_logistic (eta and cut-points, every category)', () => {
    const dist = getDistribution('ordered_logistic') as VectorDistribution;
    const arb = fc.integer({ min: 1, max: 5 }).chain((K1) =>
      fc.tuple(
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.array(fc.double({ min: 0.2, max: 2, noNaN: true }), { minLength: K1, maxLength: K1 }),
        fc.integer({ min: 1, max: K1 + 1 }),
      ),
    );
    fc.assert(
      fc.property(arb, ([eta, gaps, y]) => {
        const c = Float64Array.from(gaps.map((_, i) => -2 + gaps.slice(0, i + 1).reduce((s, g) => s + g, 0)));
        const r = checkVectorDistributionGradient(dist, Float64Array.of(y), [Float64Array.of(eta), c], 1, { step: 1e-6 });
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('categorical (probabilities)', () => {
    const dist = getDistribution('categorical') as VectorDistribution;
    const arb = fc.integer({ min: 2, max: 6 }).chain((K) =>
      fc.tuple(arbitraryInSupport({ kind: 'simplex' }, K), fc.integer({ min: 1, max: K })),
    );
    fc.assert(
      fc.property(arb, ([p, c]) => {
        const r = checkVectorDistributionGradient(dist, Float64Array.of(c), [p], 1, { step: 1e-6 });
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('multi_normal (x, location, covariance — symmetric convention)', () => {
    const dist = getDistribution('multi_normal') as VectorDistribution;
    const arb = sizes.chain((k) => fc.tuple(fc.constant(k), realVec(k), realVec(k), choleskyArb(k)));
    fc.assert(
      fc.property(arb, ([k, x, mu, L]) => {
        const r = checkVectorDistributionGradient(dist, x, [mu, covarianceFrom(L, k)], k, { step: 1e-4, rtol: 1e-5 });
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('multi_normal_prec (x, location, precision — symmetric convention)', () => {
    const dist = getDistribution('multi_normal_prec') as VectorDistribution;
    const arb = sizes.chain((k) => fc.tuple(fc.constant(k), realVec(k), realVec(k), choleskyArb(k)));
    fc.assert(
      fc.property(arb, ([k, x, mu, L]) => {
        const r = checkVectorDistributionGradient(dist, x, [mu, covarianceFrom(L, k)], k, { step: 1e-4, rtol: 1e-5 });
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('multi_normal_cholesky (x, location, lower triangle of L)', () => {
    const dist = getDistribution('multi_normal_cholesky') as VectorDistribution;
    const arb = sizes.chain((k) => fc.tuple(fc.constant(k), realVec(k), realVec(k), choleskyArb(k)));
    fc.assert(
      fc.property(arb, ([k, x, mu, L]) => {
        const r = checkVectorDistributionGradient(dist, x, [mu, L], k, { step: 1e-4, rtol: 1e-5 });
        if (!r.ok) throw new Error(r.message);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
