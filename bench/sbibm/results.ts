/**
 * The sbibm bench's tables from its per-observation rows. Runs can be split by task, backend and
 * observation (SBIBM_MERGE=1): each run's per-observation rows replace the previous run's rows for
 * the same (task, method, obs), and every summary row is recomputed from all per-observation rows
 * of its (task, method), so observations measured in different runs average into one row.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { BenchTable } from '../harness.js';
import { publishedC2st } from './reference.js';

export type Row = BenchTable['rows'][number];

/** Per observation: C2ST (backends with draws) or the point estimate's error (NBE). */
export interface ObsRow extends Row {
  task: string;
  method: string;
  obs: number;
}

const TASK_ORDER = ['two_moons', 'gaussian_linear', 'slcp'];
const METHOD_ORDER = ['NPE', 'NLE', 'NRE', 'REJ-ABC', 'NBE'];

function rank(order: string[], v: string): number {
  const i = order.indexOf(v);
  return i < 0 ? order.length : i;
}

function byTaskMethodObs(a: Row, b: Row): number {
  return (
    rank(TASK_ORDER, String(a['task'])) - rank(TASK_ORDER, String(b['task'])) ||
    rank(METHOD_ORDER, String(a['method'])) - rank(METHOD_ORDER, String(b['method'])) ||
    Number(a['obs'] ?? 0) - Number(b['obs'] ?? 0)
  );
}

export function meanSd(v: number[]): { mean: number; sd: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : NaN;
  return { mean, sd };
}

/** '1–10' for a contiguous run, else the list. */
export function obsLabel(obs: number[]): string {
  const contiguous = obs.every((o, i) => i === 0 || o === obs[i - 1]! + 1);
  return contiguous && obs.length > 2 ? `${obs[0]}–${obs[obs.length - 1]}` : obs.join(',');
}

export interface PreviousResults {
  summary: Row[];
  perObs: ObsRow[];
}

/** The previous bench/results/sbibm.json tables, or none. */
export function readPrevious(file: string): PreviousResults {
  if (!existsSync(file)) return { summary: [], perObs: [] };
  const prev = JSON.parse(readFileSync(file, 'utf8')) as { tables: BenchTable[] };
  return { summary: prev.tables[0]?.rows ?? [], perObs: (prev.tables[1]?.rows ?? []) as ObsRow[] };
}

const key = (r: Row) => `${r['task']}|${r['method']}`;

/**
 * Summary and per-observation tables from this run's rows merged over the previous ones.
 * @param trainSeconds this run's training time per `task|method`; pairs not trained in this run
 *                     keep the previous summary's training time.
 */
export function mergeTables(previous: PreviousResults, perObs: ObsRow[], trainSeconds: Map<string, number>): { summary: Row[]; perObs: ObsRow[] } {
  const redone = new Set(perObs.map((r) => `${key(r)}|${r.obs}`));
  const merged = [...previous.perObs.filter((r) => !redone.has(`${key(r)}|${r.obs}`)), ...perObs].sort(byTaskMethodObs);
  const previousSummary = new Map(previous.summary.map((r) => [key(r), r]));
  const groups = new Map<string, ObsRow[]>();
  for (const r of merged) {
    const group = groups.get(key(r));
    if (group) group.push(r);
    else groups.set(key(r), [r]);
  }
  const summary: Row[] = [];
  for (const [k, rows] of groups) {
    const { task, method } = rows[0]!;
    const obs = rows.map((r) => r.obs);
    const c2st = rows.map((r) => r['c2st']).filter((v): v is number => typeof v === 'number');
    const errors = rows.map((r) => r['mean error (ref sd)']).filter((v): v is number => typeof v === 'number');
    const c2stSeconds = rows.map((r) => r['c2st s']).filter((v): v is number => typeof v === 'number');
    const c = c2st.length > 0 ? meanSd(c2st) : null;
    summary.push({
      task,
      method,
      observations: obs.length,
      'obs used': obsLabel(obs),
      C2ST: c ? c.mean : null,
      'C2ST sd': c && c2st.length > 1 ? c.sd : null,
      'sbibm C2ST': c ? publishedC2st(task, method, '10⁴', obs) : null,
      'train s': trainSeconds.get(k) ?? (previousSummary.get(k)?.['train s'] as number | undefined) ?? null,
      'infer s / obs': meanSd(rows.map((r) => Number(r['draw s']))).mean,
      'mean error (ref sd)': errors.length > 0 ? meanSd(errors).mean : null,
      'c2st s / obs': c2stSeconds.length > 0 ? meanSd(c2stSeconds).mean : null,
    });
  }
  // Summary rows from runs before per-observation NBE rows existed have nothing to recompute from.
  for (const r of previous.summary) if (!groups.has(key(r))) summary.push(r);
  return { summary: summary.sort(byTaskMethodObs), perObs: merged };
}
