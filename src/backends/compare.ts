/**
 * `compare(model, data, [nuts(), npe(), ...])`: run several backends on one model and one data
 * set and put them side by side — estimates, 90% intervals and wall time per backend — so a user
 * can see whether an amortized estimator agrees with exact-likelihood MCMC before trusting it.
 *
 * A backend that cannot handle the model (NUTS on a simulator-only model, say) does not abort the
 * comparison: its row carries the error message instead.
 */
import type { Model } from '../lang/model.js';
import type { Backend, RunOptions } from './backend.js';
import { infer, type DataSet } from './infer.js';
import type { Posterior } from './posterior.js';

export interface ComparisonRow {
  backend: string;
  name: string;
  mean: number | null;
  sd: number | null;
  lower: number | null;
  upper: number | null;
}

export interface BackendOutcome {
  backend: string;
  seconds: number;
  posterior?: Posterior;
  error?: string;
}

export interface Comparison {
  level: number;
  outcomes: BackendOutcome[];
  rows: ComparisonRow[];
  /** A fixed-width text table: one block per parameter, one line per backend. */
  table(): string;
  toJSON(): { level: number; rows: ComparisonRow[]; outcomes: { backend: string; seconds: number; error?: string }[] };
}

export interface CompareOptions extends RunOptions {
  /** Central interval level (default 0.9). */
  level?: number;
}

export async function compare(model: Model, data: DataSet, backends: Backend[], options: CompareOptions = {}): Promise<Comparison> {
  const level = options.level ?? 0.9;
  const outcomes: BackendOutcome[] = [];
  for (const backend of backends) {
    // Two configurations of one backend (nuts with dense and diag metrics, say) get distinct labels.
    const repeats = outcomes.filter((o) => o.backend === backend.kind || o.backend.startsWith(`${backend.kind} (`)).length;
    const label = repeats === 0 ? backend.kind : `${backend.kind} (${repeats + 1})`;
    const started = performance.now();
    try {
      const posterior = await infer(model, data, backend, options);
      outcomes.push({ backend: label, seconds: (performance.now() - started) / 1000, posterior });
    } catch (error) {
      outcomes.push({ backend: label, seconds: (performance.now() - started) / 1000, error: (error as Error).message });
    }
  }
  const rows = outcomes.flatMap((outcome) => rowsOf(outcome, level));
  return {
    level,
    outcomes,
    rows,
    table: () => formatComparison(rows, outcomes, level),
    toJSON: () => ({
      level,
      rows,
      outcomes: outcomes.map(({ backend, seconds, error }) => ({ backend, seconds, ...(error ? { error } : {}) })),
    }),
  };
}

function rowsOf(outcome: BackendOutcome, level: number): ComparisonRow[] {
  const posterior = outcome.posterior;
  if (!posterior) return [];
  const [lower, upper] = posterior.interval(level);
  const mean = posterior.mean();
  const sd = posterior.hasDraws ? posterior.sd() : null;
  return posterior.names.map((name, j) => ({
    backend: outcome.backend,
    name,
    mean: Number.isFinite(mean[j]) ? mean[j]! : null,
    sd: sd ? sd[j]! : null,
    lower: lower[j]!,
    upper: upper[j]!,
  }));
}

function formatComparison(rows: ComparisonRow[], outcomes: BackendOutcome[], level: number): string {
  const cell = (v: number | null): string => (v === null ? '–' : v.toPrecision(4));
  const lines: string[] = [];
  const names = [...new Set(rows.map((r) => r.name))];
  const header = ['param', 'backend', 'mean', 'sd', `${Math.round(level * 100)}% interval`, 'seconds'];
  const body: string[][] = [];
  for (const name of names) {
    for (const row of rows.filter((r) => r.name === name)) {
      const seconds = outcomes.find((o) => o.backend === row.backend)!.seconds;
      body.push([name, row.backend, cell(row.mean), cell(row.sd), `[${cell(row.lower)}, ${cell(row.upper)}]`, seconds.toFixed(2)]);
    }
  }
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const format = (r: string[]): string => r.map((v, c) => (c < 2 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  lines.push(format(header));
  for (const r of body) lines.push(format(r));
  for (const failed of outcomes.filter((o) => o.error)) lines.push(`${failed.backend}: ${failed.error!.split('\n')[0]}`);
  return lines.join('\n');
}
