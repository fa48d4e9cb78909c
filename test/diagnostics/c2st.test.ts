import { describe, expect, it } from 'vitest';
import { c2st } from '../../src/diagnostics/index.js';
import { createRng } from '../../src/runtime/rng.js';
import { normalCdf } from '../../src/diagnostics/stats.js';
import { gemmNT, trainMlp } from '../../src/diagnostics/c2st/mlp.js';
import { createSimdGemm } from '../../src/diagnostics/c2st/simd.js';

/** n draws of N(shift·e_1, I_dim), row-major. */
function gaussian(n: number, dim: number, shift: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * dim }, (_, i) => rng.normal() + (i % dim === 0 ? shift : 0));
}

// 2,000 vs 2,000: the accuracy over 4,000 held-out predictions has SE ≤ √(0.25/4000) ≈ 0.008,
// so ±0.03 is ≈ 4 SE plus room for the classifier's own (small) sub-optimality.
describe('C2ST as sbibm computes it', () => {
  it('gives ≈ 0.5 for two samples of one distribution', () => {
    const res = c2st(gaussian(2000, 2, 0, 1), gaussian(2000, 2, 0, 2), 2, { seed: 1 });
    expect(res.foldAccuracies).toHaveLength(5);
    expect(Math.abs(res.accuracy - 0.5)).toBeLessThan(0.03);
    // The stopping rule ends training long before max_iter when there is nothing to learn.
    for (const e of res.epochs) expect(e).toBeLessThan(1000);
  });

  it('gives ≈ 1 for disjoint samples', () => {
    const rng = createRng(3);
    const a = Float64Array.from({ length: 4000 }, () => rng.uniform());
    const b = Float64Array.from({ length: 4000 }, () => 1.5 + rng.uniform());
    expect(c2st(a, b, 2, { seed: 1 }).accuracy).toBeGreaterThan(0.98);
  });

  it('matches the Bayes-optimal accuracy Φ(δ/2) for Gaussians shifted by δ', () => {
    for (const delta of [1, 2]) {
      const res = c2st(gaussian(2000, 2, 0, 4), gaussian(2000, 2, delta, 5), 2, { seed: 1 });
      expect(Math.abs(res.accuracy - normalCdf(delta / 2))).toBeLessThan(0.03);
    }
  });

  it('is deterministic given the seed and invariant to the scale of the inputs (z-scoring)', () => {
    const a = gaussian(300, 3, 0, 6), b = gaussian(300, 3, 0.7, 7);
    // Few rows overfit slowly and would run to max_iter; 60 epochs keep this test quick.
    const opts = { seed: 9, maxEpochs: 60 };
    const r1 = c2st(a, b, 3, opts), r2 = c2st(a, b, 3, opts);
    expect(r1).toEqual(r2);
    // Scaling both sets by 1000 changes nothing after z-scoring by the reference (up to rounding).
    const r3 = c2st(a.map((v) => 1000 * v), b.map((v) => 1000 * v), 3, opts);
    expect(Math.abs(r3.accuracy - r1.accuracy)).toBeLessThan(0.01);
  });

  it('rejects sample lengths that are not whole rows', () => {
    expect(() => c2st(new Float64Array(5), new Float64Array(4), 2)).toThrow(/c2st/);
  });

  it('the WebAssembly SIMD kernel computes A·Bᵀ (float32) like the float64 JavaScript one', () => {
    const k = createSimdGemm(1 << 16);
    expect(k).not.toBeNull();
    const rng = createRng(11);
    for (const [M, K, N] of [[4, 4, 2], [8, 12, 20], [200, 100, 52]] as const) {
      const A = Float64Array.from({ length: M * K }, () => rng.normal()), B = Float64Array.from({ length: N * K }, () => rng.normal());
      const C = new Float64Array(M * N);
      gemmNT(A, M, K, B, N, C);
      const oa = 0, ob = M * K, oc = ob + N * K;
      k!.f32.set(A, oa);
      k!.f32.set(B, ob);
      k!.gemm(oa, M, K, ob, N, oc);
      // float32 products of O(1) numbers summed over K ≤ 100 terms: error ≲ 1e-5.
      for (let i = 0; i < M * N; i++) expect(Math.abs(k!.f32[oc + i]! - C[i]!)).toBeLessThan(2e-5 * Math.sqrt(K) + 1e-6);
    }
  });

  it('the float32 SIMD trainer (padded to multiples of 4) follows the float64 one to float32 rounding', () => {
    // d = 5 → h = 50: inputs padded 5 → 8, hidden units 50 → 52; 1,037 rows: a last batch of 37.
    const d = 5, n = 1037, rng = createRng(12);
    const x = Float64Array.from({ length: n * d }, (_, i) => rng.normal() + (i % d === 0 && Math.floor(i / d) % 2 ? 0.5 : 0));
    const y = Float64Array.from({ length: n }, (_, i) => i % 2);
    const opts = { hidden: 10 * d, learningRate: 1e-3, batchSize: 200, l2: 1e-4, maxEpochs: 5, tol: 1e-4, nIterNoChange: 10 };
    const f32 = trainMlp(x, y, n, d, opts, createRng(1), 'float32');
    const f64 = trainMlp(x, y, n, d, opts, createRng(1), 'float64');
    expect(f32.lossCurve).toHaveLength(5);
    f32.lossCurve.forEach((l, i) => expect(Math.abs(l - f64.lossCurve[i]!)).toBeLessThan(1e-5));
    for (let i = 0; i < f32.params.length; i++) expect(Math.abs(f32.params[i]! - f64.params[i]!)).toBeLessThan(1e-4);
  });
});
