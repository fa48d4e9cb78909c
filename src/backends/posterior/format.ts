/** Text and data exports of a Posterior: the summary table, ArviZ-shaped JSON, CSV. */
import type { VariableInfo } from '../../lang/compiled-model.js';

export interface SummaryRow {
  name: string;
  mean: number;
  sd: number;
  q5: number;
  q50: number;
  q95: number;
  rhat: number;
  essBulk: number;
  essTail: number;
  /** Monte Carlo standard error of the mean. */
  mcse: number;
}

function fmt(v: number, digits: number): string {
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(digits - 1);
  return v.toFixed(digits);
}

/** A fixed-width table, one row per element, the columns of `SummaryRow`. */
export function formatSummary(rows: SummaryRow[], header?: string): string {
  const cols: [string, (r: SummaryRow) => string][] = [
    ['name', (r) => r.name],
    ['mean', (r) => fmt(r.mean, 3)],
    ['sd', (r) => fmt(r.sd, 3)],
    ['q5', (r) => fmt(r.q5, 3)],
    ['q50', (r) => fmt(r.q50, 3)],
    ['q95', (r) => fmt(r.q95, 3)],
    ['mcse', (r) => fmt(r.mcse, 3)],
    ['rhat', (r) => fmt(r.rhat, 3)],
    ['ess_bulk', (r) => (Number.isNaN(r.essBulk) ? '—' : Math.round(r.essBulk).toString())],
    ['ess_tail', (r) => (Number.isNaN(r.essTail) ? '—' : Math.round(r.essTail).toString())],
  ];
  const cells = rows.map((r) => cols.map(([, f]) => f(r)));
  const widths = cols.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ');
  const out = [line(cols.map(([h]) => h)), ...cells.map(line)];
  return (header ? header + '\n' : '') + out.join('\n');
}

/** Reshape one parameter's flat per-draw values into nested arrays (vector: k, matrix: n × m). */
export function nestValue(flat: Float64Array, offset: number, shape: number[]): number | number[] | number[][] {
  if (shape.length === 0) return flat[offset]!;
  if (shape.length === 1) return Array.from(flat.subarray(offset, offset + shape[0]!));
  const [r, c] = shape as [number, number];
  return Array.from({ length: r }, (_, i) => Array.from(flat.subarray(offset + i * c, offset + (i + 1) * c)));
}

/** ArviZ `from_dict`-shaped posterior group: name → chain × draw (× shape). */
export function posteriorGroup(chains: Float64Array[], params: readonly VariableInfo[], dim: number): Record<string, unknown> {
  const group: Record<string, unknown> = {};
  for (const p of params) {
    group[p.name] = chains.map((c) => {
      const n = c.length / dim;
      return Array.from({ length: n }, (_, i) => nestValue(c, i * dim + p.offset, p.shape));
    });
  }
  return group;
}

function csvNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
}

/** Stan-style draws CSV: chain, draw, sampler stats, then one column per element. */
export function drawsCsv(
  chains: Float64Array[],
  names: string[],
  stats: Record<string, Float64Array[]>,
): string {
  const dim = names.length;
  const statNames = Object.keys(stats);
  const lines = [['chain', 'draw', ...statNames, ...names].join(',')];
  chains.forEach((c, ci) => {
    const n = c.length / dim;
    for (let i = 0; i < n; i++) {
      const row = [String(ci + 1), String(i + 1)];
      for (const s of statNames) row.push(csvNumber(stats[s]![ci]?.[i] ?? NaN));
      for (let j = 0; j < dim; j++) row.push(csvNumber(c[i * dim + j]!));
      lines.push(row.join(','));
    }
  });
  return lines.join('\n') + '\n';
}
