/**
 * `npm run validate`: the validation suite. Every cell is trained with the backend's DEFAULTS only
 * (the simulation budget is the one setting), and written to docs/results/validation.json as soon
 * as it finishes, so an interrupted run resumes where it stopped (cells already present are skipped;
 * `--force` reruns them). docs/results/validation.md is rewritten from the JSON after each cell.
 *
 *   exact cells: ./exact.ts (sd ratio and z-score against closed forms), 8 data sets each
 *   sbibm cells: the tasks of bench/sbibm/tasks.ts × NPE/NLE/NRE at 10k simulations × observations,
 *                C2ST against sbibm's reference draws (the project's C2ST, sbibm's protocol:
 *                observation N uses training seed N), beside sbibm's published 10k / 100k means.
 *
 * Filters: --part exact|sbibm|all (default all), --tasks a,b (exact problems or sbibm tasks),
 * --methods NPE,NLE,NRE, --obs 1,2 (sbibm observations, default 1–10), --sims 5000,10000 (exact
 * budgets, default both), --seeds 1,2 (exact training seeds, default 1,2).
 * Full running time on the 2-core machine (measured cells: NPE 10–30 s, NLE/NRE longer with MCMC):
 * exact 5 problems × 3 methods × 2 budgets × 2 seeds ≈ 60 cells ≈ 1 h; sbibm 3 tasks × 3 methods ×
 * 10 observations ≈ 90 cells at 1–5 min ≈ 3–5 h. Run with `nice -n 10` on a shared machine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpuUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import { infer } from '../../src/backends/infer.js';
import { c2st } from '../../src/diagnostics/c2st/index.js';
import type { TrainingRecord } from '../../src/backends/amortized/index.js';
import { EXACT_PROBLEMS } from './exact-problems.js';
import { makeBackend, runExactCell, type ExactCell, type ExactMethod } from './exact.js';
import { TASKS } from '../sbibm/tasks.js';
import { observation, publishedC2st, referenceDraws } from '../sbibm/reference.js';

const OUT_DIR = fileURLToPath(new URL('../../docs/results/', import.meta.url));
const JSON_FILE = `${OUT_DIR}validation.json`;
const MD_FILE = `${OUT_DIR}validation.md`;

interface SbibmCell {
  task: string; method: ExactMethod; simulations: number; obs: number; c2st: number | null;
  published10k: number | null; published100k: number | null;
  training: { epochs: number; bestEpoch: number; stopReason: string; droppedSimulations: number } | null;
  warnings: string[]; wallSeconds: number; cpuSeconds: number; skipped?: string;
}
interface Results { note: string; exact: Record<string, ExactCell>; sbibm: Record<string, SbibmCell> }

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const list = (name: string): string[] | undefined => arg(name)?.split(',').map((s) => s.trim()).filter(Boolean);
const part = arg('part') ?? 'all';
const force = process.argv.includes('--force');
const methods = (list('methods') ?? ['NPE', 'NLE', 'NRE']) as ExactMethod[];
const tasks = list('tasks');
const obsList = (list('obs') ?? ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']).map(Number);
const sims = (list('sims') ?? ['5000', '10000']).map(Number);
const seeds = (list('seeds') ?? ['1', '2']).map(Number);

function load(): Results {
  if (existsSync(JSON_FILE)) return JSON.parse(readFileSync(JSON_FILE, 'utf8')) as Results;
  return { note: 'written by npm run validate (bench/validate/run.ts); every cell uses the backend defaults', exact: {}, sbibm: {} };
}
function save(r: Results): void {
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(JSON_FILE, JSON.stringify(r, null, 1) + '\n');
  writeFileSync(MD_FILE, markdown(r));
}

const f3 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(3));

function markdown(r: Results): string {
  const out = ['# Validation (npm run validate)', '', 'Every cell trained with the backend defaults; the budget is the only setting. Goals (issue 16): exact problems |mean z| ≤ 0.1 and sd ratio within 5 % at 10k simulations, 10 % at 5k; sbibm cells at or below the published 10k mean C2ST.', '',
    'Timings were taken on a shared 2-core machine (other jobs running): wall and CPU seconds both given.', '',
    '## Exact posteriors', '', '| problem | method | sims | seed | mean z | mean abs z | mean sd ratio | worst coord sd dev | epochs (best) | stop | wall s | cpu s |', '|---|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const c of Object.values(r.exact).sort((a, b) => `${a.problem}${a.method}${a.simulations}${a.seed}`.localeCompare(`${b.problem}${b.method}${b.simulations}${b.seed}`))) {
    out.push(`| ${c.problem} | ${c.method} | ${c.simulations} | ${c.seed} | ${f3(c.meanZ)} | ${f3(c.meanAbsZ)} | ${f3(c.meanSdRatio)} | ${f3(c.worstSdDev)} | ${c.training ? `${c.training.epochs} (${c.training.bestEpoch + 1})` : '–'} | ${c.training?.stopReason ?? '–'} | ${c.wallSeconds.toFixed(0)} | ${c.cpuSeconds.toFixed(0)} |`);
  }
  out.push('', '## sbibm (C2ST, 10k simulations)', '', '| task | method | obs | C2ST | published 10k | published 100k | epochs (best) | wall s | cpu s | note |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const c of Object.values(r.sbibm)) {
    out.push(`| ${c.task} | ${c.method} | ${c.obs} | ${f3(c.c2st)} | ${f3(c.published10k)} | ${f3(c.published100k)} | ${c.training ? `${c.training.epochs} (${c.training.bestEpoch + 1})` : '–'} | ${c.wallSeconds.toFixed(0)} | ${c.cpuSeconds.toFixed(0)} | ${c.skipped ?? c.warnings.slice(0, 1).join('; ')} |`);
  }
  return out.join('\n') + '\n';
}

const results = load();

if (part === 'all' || part === 'exact') {
  for (const p of EXACT_PROBLEMS.filter((q) => !tasks || tasks.includes(q.name))) {
    for (const method of methods) for (const n of sims) for (const seed of seeds) {
      const key = `${p.name}|${method}|${n}|${seed}`;
      if (results.exact[key] && !force) continue;
      const cell = await runExactCell(p, method, n, seed, 8);
      results.exact[key] = cell;
      save(results);
      console.log(`${key}: mean z ${f3(cell.meanZ)}, sd ratio ${f3(cell.meanSdRatio)} (${cell.wallSeconds.toFixed(0)} s)`);
    }
  }
}

if (part === 'all' || part === 'sbibm') {
  for (const t of TASKS.filter((q) => !tasks || tasks.includes(q.name))) {
    for (const method of methods) for (const obs of obsList) {
      const key = `${t.name}|${method}|${obs}`;
      if (results.sbibm[key] && !force) continue;
      const row = observation(t.name, obs);
      const ref = referenceDraws(t.name, obs);
      const base = { task: t.name, method, simulations: 10_000, obs, published10k: publishedC2st(t.name, method, '10⁴', [obs]), published100k: publishedC2st(t.name, method, '10⁵', [obs]) };
      if (!row || !ref) {
        results.sbibm[key] = { ...base, c2st: null, training: null, warnings: [], wallSeconds: 0, cpuSeconds: 0, skipped: 'reference data absent (../shared/reference/sbibm)' };
        save(results);
        continue;
      }
      const t0 = performance.now();
      const c0 = cpuUsage();
      const est = await makeBackend(method, 10_000).train(t.model, { seed: obs });
      const post = await infer(t.model, t.toData(row), est, { seed: obs });
      const cand = post.draws();
      const result = c2st(ref.draws, cand, ref.dim, { seed: obs });
      const c1 = cpuUsage(c0);
      const tr = (est as { training?: TrainingRecord | null }).training ?? null;
      results.sbibm[key] = {
        ...base, c2st: result.accuracy,
        training: tr ? { epochs: tr.epochs, bestEpoch: tr.bestEpoch, stopReason: tr.stopReason, droppedSimulations: tr.droppedSimulations } : null,
        warnings: post.warnings, wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: (c1.user + c1.system) / 1e6,
      };
      save(results);
      console.log(`${key}: C2ST ${f3(result.accuracy)} (published 10k ${f3(base.published10k)})`);
    }
  }
}
