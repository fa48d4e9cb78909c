/**
 * Small builders for hand-written IR, finite differences, and shared test utilities.
 */
import type { DistributionCall, Expr, ModelIR, Stmt, ValueType } from '../../src/lang/ir.js';

export const num = (value: number): Expr => ({ kind: 'number', value });
export const ref = (name: string): Expr => ({ kind: 'ref', name });
export const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });
export const bin = (op: Extract<Expr, { kind: 'binary' }>['op'], left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
export const neg = (arg: Expr): Expr => ({ kind: 'unary', op: '-', arg });
export const idx = (target: Expr, ...indices: Expr[]): Expr => ({ kind: 'index', target, indices });
export const vec = (...elements: Expr[]): Expr => ({ kind: 'vector', elements });
export const konst = (value: number | number[] | number[][]): Expr => ({ kind: 'constant', value });
export const dist = (name: string, ...args: Expr[]): DistributionCall => ({ name, args });

const size = (d: number | string) => (typeof d === 'number' ? { kind: 'const' as const, value: d } : { kind: 'input' as const, name: d });
export const real = (...dims: (number | string)[]): ValueType => ({ elem: 'real', dims: dims.map(size) });
export const int = (...dims: (number | string)[]): ValueType => ({ elem: 'int', dims: dims.map(size) });

export const input = (name: string, type: ValueType): Stmt => ({ kind: 'input', name, type });
export const param = (name: string, prior: DistributionCall, type?: ValueType): Stmt => ({ kind: 'param', name, prior, ...(type ? { type } : {}) });
export const latent = (name: string, prior: DistributionCall, type?: ValueType): Stmt => ({ kind: 'latent', name, prior, ...(type ? { type } : {}) });
export const data = (name: string, density: DistributionCall, type?: ValueType): Stmt => ({ kind: 'data', name, density, ...(type ? { type } : {}) });
export const let_ = (name: string, value: Expr): Stmt => ({ kind: 'let', name, value });
export const ir = (...statements: Stmt[]): ModelIR => ({ statements });

/** Central finite-difference gradient of f at u. */
export function fdGrad(f: (u: Float64Array) => number, u: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(u.length);
  const v = Float64Array.from(u);
  for (let i = 0; i < u.length; i++) {
    v[i] = u[i]! + h;
    const fp = f(v);
    v[i] = u[i]! - h;
    const fm = f(v);
    v[i] = u[i]!;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/** max_i |a_i - b_i| / max(1, |b_i|). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}

/** Deterministic pseudo-random points for "random point" checks (no test flakiness). */
export function points(seed: number, n: number, dim: number, scale = 1): Float64Array[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
  return Array.from({ length: n }, () => Float64Array.from({ length: dim }, () => (next() * 2 - 1) * scale));
}
