/**
 * The matrix adjoints on their own: for a random scalar function f = <W, op(inputs)>, the
 * adjoint of every input entry must match central finite differences.
 */
import { describe, expect, it } from 'vitest';
import { autodiffRuntime as R } from '../../src/runtime/autodiff/index.js';
import { createRng } from '../../src/runtime/rng.js';
import { relErr } from './helpers.js';

const rng = createRng(123);
const rand = (n: number) => Float64Array.from({ length: n }, () => rng.normal());
function spd(n: number): Float64Array {
  const B = rand(n * n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? n : 0;
    for (let k = 0; k < n; k++) s += B[i * n + k]! * B[j * n + k]!;
    A[i * n + j] = s;
  }
  return A;
}
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** FD gradient of f w.r.t. the entries of a (only `mask` entries). */
function fd(f: () => number, a: Float64Array, mask: (i: number) => boolean = () => true, h = 1e-6): Float64Array {
  const g = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    if (!mask(i)) continue;
    const v = a[i]!;
    a[i] = v + h; const fp = f();
    a[i] = v - h; const fm = f();
    a[i] = v;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

describe('autodiff runtime', () => {
  it('matmul adjoints', () => {
    const [r, k, m] = [3, 4, 2];
    const A = rand(r * k), B = rand(k * m), W = rand(r * m), C = new Float64Array(r * m);
    const f = () => (R.matmul(A, B, C, r, k, m), dot(C, W));
    const GA = new Float64Array(r * k), GB = new Float64Array(k * m);
    R.matmulAdjA(W, B, GA, r, k, m);
    R.matmulAdjB(A, W, GB, r, k, m);
    expect(relErr(GA, fd(f, A))).toBeLessThan(1e-8);
    expect(relErr(GB, fd(f, B))).toBeLessThan(1e-8);
  });

  it('matvec and transpose adjoints', () => {
    const [r, k] = [3, 5];
    const A = rand(r * k), x = rand(k), w = rand(r), y = new Float64Array(r);
    const f = () => (R.matvec(A, x, y, r, k), dot(y, w));
    const GA = new Float64Array(r * k), gx = new Float64Array(k);
    R.matvecAdjA(w, x, GA, r, k);
    R.matvecAdjX(A, w, gx, r, k);
    expect(relErr(GA, fd(f, A))).toBeLessThan(1e-8);
    expect(relErr(gx, fd(f, x))).toBeLessThan(1e-8);
    const T = new Float64Array(r * k), WT = rand(r * k), GT = new Float64Array(r * k);
    R.transposeAdj(WT, GT, r, k);
    expect(relErr(GT, fd(() => (R.transpose(A, T, r, k), dot(T, WT)), A))).toBeLessThan(1e-8);
  });

  it('Cholesky adjoint (lower triangle, as read by the forward pass)', () => {
    for (const n of [1, 2, 5, 12]) {
      const A = spd(n), L = new Float64Array(n * n), W = rand(n * n);
      const f = () => (R.cholesky(A, L, n), dot(L, W));
      f();
      const GL = Float64Array.from(W), GA = new Float64Array(n * n);
      R.choleskyAdj(L, GL, GA, n);
      const lower = (i: number) => i % n <= Math.floor(i / n);
      expect(relErr(GA, fd(f, A, lower))).toBeLessThan(1e-6);
    }
  });

  it('triangular solve and log-determinant adjoints', () => {
    const n = 6;
    const A = spd(n), L = new Float64Array(n * n);
    R.cholesky(A, L, n);
    const b = rand(n), w = rand(n), xv = new Float64Array(n);
    const f = () => (R.solveLower(L, b, xv, n), dot(xv, w));
    f();
    const GL = new Float64Array(n * n), gb = new Float64Array(n);
    R.solveLowerAdj(L, xv, w, GL, gb, n, new Float64Array(n));
    const lower = (i: number) => i % n <= Math.floor(i / n);
    expect(relErr(gb, fd(f, b))).toBeLessThan(1e-7);
    expect(relErr(GL, fd(f, L, lower))).toBeLessThan(1e-6);
    const GL2 = new Float64Array(n * n);
    R.logDetCholAdj(L, 1.5, GL2, n);
    expect(relErr(GL2, fd(() => 1.5 * R.logDetChol(L, n), L, lower))).toBeLessThan(1e-7);
  });

  it('a non-positive-definite matrix is reported, not thrown', () => {
    expect(R.cholesky(Float64Array.of(1, 2, 2, 1), new Float64Array(4), 2)).toBe(false);
  });
});
