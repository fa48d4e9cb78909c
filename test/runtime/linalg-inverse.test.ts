/**
 * runtime/linalg/inverse.ts: Gauss–Jordan inverse against a closed form, A·A⁻¹ = I on random
 * well-conditioned matrices (including ones that need row swaps), and a clear error when singular.
 */
import { describe, expect, it } from 'vitest';
import { invert } from '../../src/runtime/linalg/inverse.js';
import { createRng } from '../../src/runtime/rng.js';

function multiply(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[i * n + k]! * b[k * n + j]!;
    out[i * n + j] = s;
  }
  return out;
}

describe('invert', () => {
  it('matches the 2×2 closed form [d −b; −c a] / (ad − bc)', () => {
    const [a, b, c, d] = [2, -1, 3, 5];
    const det = a * d - b * c;
    const got = invert([a, b, c, d], 2);
    const want = [d / det, -b / det, -c / det, a / det];
    for (let i = 0; i < 4; i++) expect(got[i]).toBeCloseTo(want[i]!, 14);
  });

  it('gives A·A⁻¹ = I for random matrices, with a zero leading pivot forcing a row swap', () => {
    const rng = createRng(7);
    for (const n of [1, 3, 6, 10]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < a.length; i++) a[i] = rng.normal();
      for (let i = 0; i < n; i++) a[i * n + i]! += n; // diagonally weighted: well conditioned
      if (n > 1) a[0] = 0;
      const product = multiply(a, invert(a, n), n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        expect(Math.abs(product[i * n + j]! - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('refuses a singular matrix and a wrong entry count', () => {
    expect(() => invert([1, 2, 2, 4], 2)).toThrow(/singular.*column 1/);
    expect(() => invert([1, 2, 3], 2)).toThrow(/expected 4 entries.*got 3/);
  });
});
