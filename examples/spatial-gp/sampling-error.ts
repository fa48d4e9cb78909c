/**
 * How much the table's numbers move with the test sets alone: the exact (quadrature) column's
 * RMSPE, MIS90 and COV90 on the 1,000 test sets of `npm run gp` (same seed, same fields), with
 * bootstrap standard errors over the test sets. The paper's columns come from other test sets, so
 * a difference from them within about √2 of these SEs is test-set noise, not a method's error.
 *
 *   npx tsx examples/spatial-gp/sampling-error.ts      (about a minute)
 */
import { createRng } from '../../src/runtime/rng.js';
import { PRIOR_UPPER, simulateFields } from './problem.js';
import { exactPosteriors } from './reference.js';
const n = 1000;
const rng = createRng(1);
const truths = Float64Array.from({ length: n }, () => PRIOR_UPPER * rng.uniform());
const fields = simulateFields(truths, rng.split());
const exact = exactPosteriors(fields);
const med = exact.map((d) => d.quantile(0.5)), lo = exact.map((d) => d.quantile(0.05)), hi = exact.map((d) => d.quantile(0.95));
const median = (a: number[]) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!); };
function metrics(idx: number[]) {
  const se = idx.map((i) => (med[i]! - truths[i]!) ** 2);
  const is = idx.map((i) => (hi[i]! - lo[i]!) + 20 * Math.max(0, lo[i]! - truths[i]!) + 20 * Math.max(0, truths[i]! - hi[i]!));
  const cov = idx.filter((i) => lo[i]! < truths[i]! && truths[i]! < hi[i]!).length / idx.length;
  return [100 * Math.sqrt(median(se)), 100 * median(is), 100 * cov];
}
const all = metrics(Array.from({ length: n }, (_, i) => i));
const b = createRng('boot');
const reps = Array.from({ length: 2000 }, () => metrics(Array.from({ length: n }, () => Math.floor(b.uniform() * n))));
const sd = [0, 1, 2].map((k) => { const v = reps.map((r) => r[k]!); const m = v.reduce((a, c) => a + c, 0) / v.length; return Math.sqrt(v.reduce((a, c) => a + (c - m) ** 2, 0) / (v.length - 1)); });
console.log('exact RMSPE MIS90 COV90', all.map((v) => v.toFixed(3)), 'bootstrap SE', sd.map((v) => v.toFixed(3)));
