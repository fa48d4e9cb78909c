/**
 * Summaries for rejection ABC: a map s(x) from one flat data set (dataDim) to S numbers, and the
 * per-coordinate scale the distance divides by (the sd of s over the simulation bank), so that
 * summaries in different units weigh alike:
 *
 *   ρ(x, x_o) = ‖ (s(x) − s(x_o)) / sd(s) ‖₂
 */
import type { DataEncoder } from '../amortized/index.js';
import { summarize } from '../nre/estimator.js';

/**
 * 'standardized' (default): the raw data, each coordinate scaled by its sd.
 * A function: user summaries of one data set.
 * { encoder }: a learned summary, e.g. a trained NPE's or NRE's `encoder` (its summary network's output).
 */
export type AbcSummary = 'standardized' | ((x: Float64Array) => ArrayLike<number>) | { encoder: DataEncoder };

/** Summaries of n data sets x (n, dataDim) → (n, S), and S. */
export function summarizeAll(summary: AbcSummary, x: Float64Array, n: number, dataDim: number): { s: Float64Array; dim: number } {
  if (summary === 'standardized') return { s: x, dim: dataDim };
  if (typeof summary === 'function') {
    let S = -1;
    let out = new Float64Array(0);
    for (let i = 0; i < n; i++) {
      const v = summary(x.subarray(i * dataDim, (i + 1) * dataDim));
      if (S < 0) { S = v.length; out = new Float64Array(n * S); }
      if (v.length !== S) throw new Error(`abc summary: data set ${i} gave ${v.length} summaries, the first gave ${S}`);
      out.set(Array.from(v), i * S);
    }
    return { s: out, dim: Math.max(S, 0) };
  }
  // A learned summary network, in chunks so the tensors stay small.
  const S = summary.encoder.outputDim;
  const out = new Float64Array(n * S);
  const chunk = 4096;
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const rows = Array.from({ length: m }, (_, i) => x.subarray((start + i) * dataDim, (start + i + 1) * dataDim));
    out.set(summarize(summary.encoder, rows, dataDim), start * S);
  }
  return { s: out, dim: S };
}

/** Per-coordinate sd of (n, S) summaries; a constant coordinate gets 1 (it cannot discriminate). */
export function summaryScale(s: Float64Array, n: number, S: number): Float64Array {
  const sd = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    let m = 0;
    let m2 = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = s[i * S + j]!;
      if (!Number.isFinite(v)) continue;
      k++;
      const d = v - m;
      m += d / k;
      m2 += d * (v - m);
    }
    const v = k > 1 ? Math.sqrt(m2 / (k - 1)) : 0;
    sd[j] = v > 0 ? v : 1;
  }
  return sd;
}
