/** Cholesky, triangular solves and inverse on random SPD matrices. */
import { describe, expect, it } from 'vitest';
import { cholesky, choleskyInverse, choleskyLogDet } from '../../src/runtime/linalg/cholesky.js';
import { multiplyLower, solveLower, solveLowerTranspose } from '../../src/runtime/linalg/triangular.js';
import { createRng } from '../../src/runtime/rng.js';

function randomSpd(n: number, seed: number): Float64Array {
  const r = createRng(seed);
  const a = Float64Array.from({ length: n * n }, () => r.normal());
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let v = i === j ? 0.5 : 0;
    for (let k = 0; k < n; k++) v += a[i * n + k]! * a[j * n + k]!;
    s[i * n + j] = v;
  }
  return s;
}

describe('linalg', () => {
  it.each([1, 2, 5, 12])('factors, solves and inverts a %i × %i SPD matrix', (n) => {
    const s = randomSpd(n, n);
    const l = new Float64Array(n * n);
    expect(cholesky(s, n, l)).toBe(true);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += l[i * n + k]! * l[j * n + k]!;
      expect(v).toBeCloseTo(s[i * n + j]!, 10);
      if (j > i) expect(l[i * n + j]).toBe(0);
    }
    const b = Float64Array.from({ length: n }, (_, i) => i + 1);
    const y = new Float64Array(n);
    solveLower(l, n, b, y);
    const back = new Float64Array(n);
    multiplyLower(l, n, y, back);
    back.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 10));
    solveLowerTranspose(l, n, y, y); // y = S⁻¹ b
    const inv = new Float64Array(n * n);
    choleskyInverse(l, n, inv, new Float64Array(n));
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += inv[i * n + k]! * b[k]!;
      expect(v).toBeCloseTo(y[i]!, 9);
    }
    // log det from the factor equals the sum of logs of the LU pivots (1×1 case: log s).
    if (n === 1) expect(choleskyLogDet(l, 1)).toBeCloseTo(Math.log(s[0]!), 14);
  });

  it('reports a matrix that is not positive definite', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2, new Float64Array(4))).toBe(false);
    expect(cholesky(Float64Array.from([NaN]), 1, new Float64Array(1))).toBe(false);
  });
});
