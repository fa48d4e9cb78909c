/**
 * Every built-in, forward and reverse: for each expression f(a, s, M) of parameters, the model
 *   a: vector[3] ~ normal(0, 1), s ~ lognormal(0, 0.5), M: matrix[3, 3] ~ normal(0, 1),
 *   data y ~ normal(f, 1)
 * must give logLikelihood = log N(y | f_js(a, s, M), 1) with f_js written by hand, and a
 * logJointGrad that matches central finite differences of logJoint.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/lang/compile/index.js';
import { sourceToIR } from '../../src/lang/to-ir.js';
import { erf, lgamma, normalCdf } from '../../src/runtime/special.js';
import { fdGrad, points, relErr } from './helpers.js';

type M3 = number[][];
const sum = (v: number[]) => v.reduce((x, y) => x + y, 0);
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const mv = (M: M3, v: number[]) => M.map((r) => sum(r.map((x, j) => x * v[j]!)));
const mm = (A: M3, B: M3) => A.map((r) => B[0]!.map((_, j) => sum(r.map((x, k) => x * B[k]![j]!))));
const tr = (A: M3) => A[0]!.map((_, j) => A.map((r) => r[j]!));
function chol(A: M3): M3 {
  const n = A.length;
  const L = A.map(() => new Array(n).fill(0) as number[]);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = A[i]![j]!;
    for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
    L[i]![j] = i === j ? Math.sqrt(s) : s / L[j]![j]!;
  }
  return L;
}
const mean = (v: number[]) => sum(v) / v.length;
const sd = (v: number[]) => Math.sqrt(sum(v.map((x) => (x - mean(v)) ** 2)) / (v.length - 1));
const lse = (v: number[]) => Math.log(sum(v.map(Math.exp)));

const cases: [string, (a: number[], s: number, M: M3) => number][] = [
  ['sum(exp(a))', (a) => sum(a.map(Math.exp))],
  ['sum(log(s + a .* a))', (a, s) => sum(a.map((x) => Math.log(s + x * x)))],
  ['log1p(s) + expm1(a[1])', (a, s) => Math.log1p(s) + Math.expm1(a[0]!)],
  ['sqrt(s) + sum(abs(a))', (a, s) => Math.sqrt(s) + sum(a.map(Math.abs))],
  ['sum(sin(a)) + cos(a[2]) + tan(0.3 * a[3])', (a) => sum(a.map(Math.sin)) + Math.cos(a[1]!) + Math.tan(0.3 * a[2]!)],
  ['sum(tanh(a))', (a) => sum(a.map(Math.tanh))],
  ['sum(logistic(a)) + sum(inv_logit(2 * a))', (a) => sum(a.map(sig)) + sum(a.map((x) => sig(2 * x)))],
  ['logit(logistic(a[1]) * 0.5)', (a) => Math.log((sig(a[0]!) * 0.5) / (1 - sig(a[0]!) * 0.5))],
  ['sum(softplus(a)) + log1p_exp(s)', (a, s) => sum(a.map((x) => Math.log1p(Math.exp(x)))) + Math.log1p(Math.exp(s))],
  ['sum(erf(a)) + Phi(a[2])', (a) => sum(a.map(erf)) + normalCdf(a[1]!)],
  ['lgamma(s + 1)', (_a, s) => lgamma(s + 1)],
  ['sum(square(a))', (a) => sum(a.map((x) => x * x))],
  ['s ^ a[1] + pow(s, 2.5) + a[2] ^ 2', (a, s) => s ** a[0]! + s ** 2.5 + a[1]! ** 2],
  ['sum(a ./ (s + 1)) + sum(a .* a) - a[1] / (s + 2)', (a, s) => sum(a.map((x) => x / (s + 1))) + sum(a.map((x) => x * x)) - a[0]! / (s + 2)],
  ['mean(a) + dot(a, a) + log_sum_exp(a) + sd(a)', (a) => mean(a) + sum(a.map((x) => x * x)) + lse(a) + sd(a)],
  ['min(a) + max(a) + min(a[1], a[2]) + max(s, a[3]) + log_sum_exp(a[1], s)', (a, s) => Math.min(...a) + Math.max(...a) + Math.min(a[0]!, a[1]!) + Math.max(s, a[2]!) + Math.log(Math.exp(a[0]!) + Math.exp(s))],
  ['sum(M * a)', (a, _s, M) => sum(mv(M, a))],
  ['sum(M * M) + sum(transpose(M) * a)', (a, _s, M) => sum(mm(M, M).flat()) + sum(mv(tr(M), a))],
  ['sum(cholesky(M * transpose(M) + diag_matrix(rep_vector(s, 3))))', (_a, s, M) => {
    const A = mm(M, tr(M)).map((r, i) => r.map((x, j) => x + (i === j ? s : 0)));
    return sum(chol(A).flat());
  }],
  ['sum(mdivide_left_tri_low(cholesky(M * transpose(M) + diag_matrix(rep_vector(s, 3))), a))', (a, s, M) => {
    const L = chol(mm(M, tr(M)).map((r, i) => r.map((x, j) => x + (i === j ? s : 0))));
    const z: number[] = [];
    for (let i = 0; i < 3; i++) z.push((a[i]! - [0, 1, 2].slice(0, i).reduce((acc, k) => acc + L[i]![k]! * z[k]!, 0)) / L[i]![i]!);
    return sum(z);
  }],
  ['M[2, 3] + sum(M[2]) + a[3]', (a, _s, M) => M[1]![2]! + sum(M[1]!) + a[2]!],
  ['sum(rep_vector(s, 4)) + sum(rep_matrix(a[1], 2, 2)) + sum([a[1], s, 2 * a[3]])', (a, s) => 4 * s + 4 * a[0]! + a[0]! + s + 2 * a[2]!],
  ['(a[1] > 0 ? a[2] : s) + (a[1] <= 0 && s > 1 ? 1 : 0) * a[3]', (a, s) => (a[0]! > 0 ? a[1]! : s) + (a[0]! <= 0 && s > 1 ? a[2]! : 0)],
  ['-a[1] + -s + rows(M) * s + length(a) * a[2] + e * 0 + pi * 0', (a, s) => -a[0]! - s + 3 * s + 3 * a[1]!],
  ['sum(a[idx]) + sum(exp(-M / s))', (a, s, M) => a[2]! + a[0]! + a[2]! + sum(M.flat().map((x) => Math.exp(-x / s)))],
];

describe('built-ins: values and gradients', () => {
  const y = 0.7;
  for (const [expr, f] of cases) {
    it(expr, () => {
      const src = `
        input idx: int[3]
        param a: vector[3] ~ normal(0, 1)
        param s ~ lognormal(0, 0.5)
        param M: matrix[3, 3] ~ normal(0, 1)
        data y ~ normal(${expr}, 1)
      `;
      // Parsed without the front end's checks: its checker does not yet know Phi, one-argument
      // min/max or multiple indexing, which the compiler supports.
      const m = compileModel(sourceToIR(src), { idx: [3, 1, 3] });
      const x = m.flattenData({ y });
      const g = new Float64Array(m.unconstrainedDim);
      for (const u of points(expr.length, 4, m.unconstrainedDim, 0.8)) {
        const a = [u[0]!, u[1]!, u[2]!];
        const s = Math.exp(u[3]!);
        const M = [0, 1, 2].map((i) => [0, 1, 2].map((j) => u[4 + 3 * i + j]!));
        const fv = f(a, s, M);
        expect(m.logLikelihood(u, x)).toBeCloseTo(-0.5 * (y - fv) ** 2 - 0.5 * Math.log(2 * Math.PI), 9);
        m.logJointGrad(u, x, g);
        expect(relErr(g, fdGrad((v) => m.logJoint(v, x), u, 1e-6))).toBeLessThan(2e-6);
      }
    });
  }
});
