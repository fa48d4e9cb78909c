/**
 * The review's spatial-GP table, reproduced by one command:
 *
 *   npm run gp              # the full experiment (160,000 + 20,000 simulations, 1,000 test sets)
 *   npm run gp -- --quick   # a smoke run (small budgets) to check the pipeline end to end
 *   GP_ONLY=NLE npm run gp  # only the named contenders (comma-separated), merged into the saved table
 *
 * How long, on this 2-core machine: about an hour for the full run — exact reference 49 s,
 * training set 187 s, training NBE 17 min (two networks), NPE 15 min, NRE 9 min, NLE 8 min, NUTS
 * on 10 test sets 5 min (measured 2026-11-25/26). `--quick`: 2–3 minutes.
 *
 * GP_ONLY reruns the named amortized contenders on the same seed, test sets and training set as the
 * saved run (the exact reference is recomputed and must reproduce the saved one's scores, which
 * checks that the test sets are the same), skips NUTS, and merges the new columns into
 * docs/results/spatial-gp.{md,json}: each column records the date of the run it came from. Its
 * figure goes to a separate file (the saved run's figure is kept).
 *
 * Steps: draw the test sets (θ from the prior, exact fields by circulant embedding); compute the
 * exact posterior of every test set by quadrature (the ground truth); simulate one training set
 * shared by all amortized backends; train NBE, NPE, NLE and NRE on it and infer on all test sets
 * at once; run NUTS on the exact density for a documented subset; score everything exactly as the
 * paper does; write docs/results/spatial-gp.{md,json} and a figure of the posteriors for
 * θ = 0.1, 0.3, 0.5.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../../src/runtime/rng.js';
import { scoreTable, type ScoreTable } from '../../src/diagnostics/scores.js';
import { simulateTrainingSet } from '../../src/backends/amortized/index.js';
import { infer } from '../../src/backends/infer.js';
import { nuts } from '../../src/backends/mcmc/index.js';
import type { Posterior } from '../../src/backends/posterior.js';
import { CELLS, PRIOR_UPPER, simulateFields, SIDE } from './problem.js';
import { exactPosteriors } from './reference.js';
import { spatialGp, spatialGpSimulator } from './model.js';
import { amortizedContenders, type Contender } from './contenders.js';
import { posteriorFigure } from './figure.js';
import { renderSvg } from '../../src/plots/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, '../../docs/results');

export interface ExperimentSettings {
  quick: boolean;
  testSets: number;
  trainingSimulations: number;
  validationSimulations: number;
  mcmcSubset: number;
  drawsPerSet: number;
  seed: number;
}

export function settingsFor(quick: boolean): ExperimentSettings {
  return quick
    ? { quick, testSets: 100, trainingSimulations: 8_000, validationSimulations: 1_000, mcmcSubset: 3, drawsPerSet: 2_000, seed: 1 }
    : { quick, testSets: 1_000, trainingSimulations: 160_000, validationSimulations: 20_000, mcmcSubset: 10, drawsPerSet: 2_000, seed: 1 };
}

/** One column of the table: a method's scores, with its time per data set and training time. */
export interface Column {
  method: string;
  scores: ScoreTable;
  trainSeconds: number | null;
  inferSecondsPerSet: number;
  note?: string;
  /** ISO date of the run this column came from. */
  runDate?: string;
}

/** What docs/results/spatial-gp.json holds. */
interface SavedReport {
  settings: ExperimentSettings;
  /** ISO date of the full run. */
  generated?: string;
  columns: Column[];
  /** Later runs with GP_ONLY: their date, the columns they replaced or added, their figure. */
  updates?: { date: string; methods: string[]; figure: string }[];
}

/** Test fields as data sets for infer(): the simulator model's data is a 16×16 matrix. */
function asDataSets(fields: Float64Array, n: number): { z: number[][] }[] {
  return Array.from({ length: n }, (_, i) => ({
    z: Array.from({ length: SIDE }, (_, r) => Array.from(fields.subarray(i * CELLS + r * SIDE, i * CELLS + (r + 1) * SIDE))),
  }));
}

/** Scores from draws-based or point/interval posteriors (NBE has no draws). */
function scorePosteriors(posteriors: Posterior[], truths: Float64Array, drawsPerSet: number): ScoreTable {
  if (posteriors.every((p) => p.hasDraws)) {
    const draws = new Float64Array(posteriors.length * drawsPerSet);
    posteriors.forEach((p, i) => {
      const d = p.draws();
      // Every backend is scored on the same number of draws (thinned evenly if it gave more).
      for (let s = 0; s < drawsPerSet; s++) draws[i * drawsPerSet + s] = d[Math.floor((s * d.length) / drawsPerSet)]!;
    });
    return scoreTable({ truths, draws, nDraws: drawsPerSet, alpha: 0.1 });
  }
  return scoreTable({
    truths,
    estimates: posteriors.map((p) => p.median()[0]!),
    lower: posteriors.map((p) => p.quantile(0.05)[0]!),
    upper: posteriors.map((p) => p.quantile(0.95)[0]!),
    alpha: 0.1,
  });
}

/**
 * @param only  names of the contenders to run (GP_ONLY); null: the full experiment. With a list,
 *              NUTS is skipped and the columns are merged into the saved report.
 */
export async function runExperiment(
  settings: ExperimentSettings,
  log: (line: string) => void = console.log,
  only: string[] | null = null,
): Promise<Column[]> {
  const runDate = new Date().toISOString();
  const contenders = amortizedContenders(settings).filter((c) => only === null || only.includes(c.name));
  if (only !== null) {
    const unknown = only.filter((n) => !amortizedContenders(settings).some((c) => c.name === n));
    if (unknown.length > 0) throw new Error(`GP_ONLY: no contender named ${unknown.join(', ')} (have ${amortizedContenders(settings).map((c) => c.name).join(', ')})`);
  }
  const rng = createRng(settings.seed);
  const truths = Float64Array.from({ length: settings.testSets }, () => PRIOR_UPPER * rng.uniform());
  const fields = simulateFields(truths, rng.split());
  const columns: Column[] = [];
  // Three extra data sets at fixed θ for the figure; inferred with the test sets, never scored.
  const figureThetas = [0.1, 0.3, 0.5];
  const figureFields = simulateFields(figureThetas, rng.split());
  const figurePosteriors: Record<string, Posterior[]> = {};

  // 1. The exact posterior by quadrature: the ground truth.
  let t0 = performance.now();
  const exact = exactPosteriors(fields);
  const exactSeconds = (performance.now() - t0) / 1000;
  const exactDraws = new Float64Array(settings.testSets * settings.drawsPerSet);
  const drawRng = rng.split();
  exact.forEach((density, i) => exactDraws.set(density.sample(settings.drawsPerSet, drawRng), i * settings.drawsPerSet));
  columns.push({
    method: 'exact (quadrature)',
    scores: scoreTable({ truths, draws: exactDraws, nDraws: settings.drawsPerSet, alpha: 0.1 }),
    trainSeconds: null,
    inferSecondsPerSet: exactSeconds / settings.testSets,
    note: '600-cell grid; Cholesky factors shared across test sets',
  });
  log(`exact posteriors: ${exactSeconds.toFixed(1)} s for ${settings.testSets} test sets`);

  // 2. One training set shared by every amortized backend.
  const simulatorModel = spatialGpSimulator.compile({});
  const total = settings.trainingSimulations + settings.validationSimulations;
  const trainingSet = simulateTrainingSet(simulatorModel, total, { seed: settings.seed + 1 });
  log(`training set: ${total} simulations in ${trainingSet.seconds.toFixed(1)} s`);
  const allFields = new Float64Array(fields.length + figureFields.length);
  allFields.set(fields);
  allFields.set(figureFields, fields.length);
  const dataSets = asDataSets(allFields, settings.testSets + figureThetas.length);

  for (const contender of contenders) {
    const { column, posteriors } = await runContender(contender, simulatorModel, trainingSet, total, dataSets, truths, settings, log);
    columns.push(column);
    figurePosteriors[contender.name] = posteriors.slice(settings.testSets);
  }
  for (const c of columns) c.runDate = runDate;

  if (only !== null) {
    const figureSvg = await renderSvg(posteriorFigure({ thetas: figureThetas, exact: exactPosteriors(figureFields), posteriors: figurePosteriors }));
    mergeReport(settings, columns, figureSvg, runDate, only);
    return columns;
  }

  // 3. NUTS on the exact density, on the first `mcmcSubset` test sets (each costs a 256×256
  //    Cholesky and its adjoint per gradient, which is the cost amortization removes).
  const subset = settings.mcmcSubset;
  const subsetTruths = truths.subarray(0, subset);
  t0 = performance.now();
  const mcmcPosteriors: Posterior[] = [];
  for (let i = 0; i < subset; i++) {
    const data = { z: Array.from(fields.subarray(i * CELLS, (i + 1) * CELLS)) };
    mcmcPosteriors.push(await infer(spatialGp, data, nuts({ chains: 2, warmup: 300, draws: 500, seed: settings.seed + i })));
  }
  const mcmcSeconds = (performance.now() - t0) / 1000;
  columns.push({
    method: `NUTS (first ${subset} test sets)`,
    scores: scorePosteriors(mcmcPosteriors, subsetTruths, settings.drawsPerSet),
    trainSeconds: null,
    inferSecondsPerSet: mcmcSeconds / subset,
    note: '2 chains × (300 warm-up + 500 draws) on the exact density',
    runDate,
  });
  const exactSubset = new Float64Array(subset * settings.drawsPerSet);
  exactSubset.set(exactDraws.subarray(0, subset * settings.drawsPerSet));
  columns.push({
    method: `exact (same ${subset} test sets)`,
    scores: scoreTable({ truths: subsetTruths, draws: exactSubset, nDraws: settings.drawsPerSet, alpha: 0.1 }),
    trainSeconds: null,
    inferSecondsPerSet: exactSeconds / settings.testSets,
    runDate,
  });
  log(`NUTS: ${(mcmcSeconds / subset).toFixed(2)} s per test set`);

  // 4. Report.
  const figureSvg = await renderSvg(posteriorFigure({ thetas: figureThetas, exact: exactPosteriors(figureFields), posteriors: figurePosteriors }));
  const stem = stemFor(settings);
  writeFileSync(join(resultsDir, `${stem}-posteriors.svg`), figureSvg);
  writeReport({ settings, generated: runDate, columns });
  return columns;
}

function stemFor(settings: ExperimentSettings): string {
  return settings.quick ? 'spatial-gp-quick' : 'spatial-gp';
}

/**
 * Merges a GP_ONLY run into the saved report: same settings required, and the exact reference
 * recomputed here must score exactly as the saved one (the same test sets). Columns of the same
 * name are replaced in place; new ones go after the last amortized column.
 */
function mergeReport(settings: ExperimentSettings, fresh: Column[], figureSvg: string, runDate: string, only: string[]): void {
  const stem = stemFor(settings);
  const path = join(resultsDir, `${stem}.json`);
  if (!existsSync(path)) throw new Error(`GP_ONLY needs a saved full run to merge into (${path}); run \`npm run gp\` first`);
  const saved = JSON.parse(readFileSync(path, 'utf8')) as SavedReport;
  for (const key of Object.keys(settings) as (keyof ExperimentSettings)[]) {
    if (saved.settings[key] !== settings[key]) throw new Error(`GP_ONLY: the saved run has ${key} = ${saved.settings[key]}, this run ${settings[key]}: not comparable`);
  }
  const savedExact = saved.columns.find((c) => c.method === 'exact (quadrature)');
  const freshExact = fresh.find((c) => c.method === 'exact (quadrature)')!;
  for (const k of ['rmspe', 'mis', 'coverage', 'mcrps', 'medianCrps'] as const) {
    const a = savedExact?.scores[k];
    const b = freshExact.scores[k];
    if (a === undefined || a === null || b === null || Math.abs(a - b) > 1e-12 * Math.max(1, Math.abs(a))) {
      throw new Error(`GP_ONLY: the exact reference scores ${k} = ${b}, the saved run ${a}: the test sets differ, not merging`);
    }
  }
  // The saved run's date: its JSON's, or the line its Markdown was generated with.
  const mdPath = join(resultsDir, `${stem}.md`);
  const generated = saved.generated ?? (existsSync(mdPath) ? /on (\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(readFileSync(mdPath, 'utf8'))?.[1] : undefined);
  const columns = saved.columns.map((c) => ({ ...c, ...(c.runDate === undefined && generated !== undefined ? { runDate: generated } : {}) }));
  for (const col of fresh.filter((c) => only.includes(c.method))) {
    const at = columns.findIndex((c) => c.method === col.method);
    if (at >= 0) columns[at] = col;
    else {
      const lastAmortized = columns.reduce((last, c, i) => (c.trainSeconds !== null ? i : last), 0);
      columns.splice(lastAmortized + 1, 0, col);
    }
  }
  const figure = `${stem}-posteriors-${only.map((n) => n.toLowerCase()).join('-')}.svg`;
  writeFileSync(join(resultsDir, figure), figureSvg);
  const updates = [...(saved.updates ?? []).filter((u) => u.figure !== figure), { date: runDate, methods: only, figure }];
  writeReport({ settings, ...(generated !== undefined ? { generated } : {}), columns, updates });
}

async function runContender(
  contender: Contender,
  simulatorModel: ReturnType<typeof spatialGpSimulator.compile>,
  trainingSet: ReturnType<typeof simulateTrainingSet>,
  total: number,
  dataSets: { z: number[][] }[],
  truths: Float64Array,
  settings: ExperimentSettings,
  log: (line: string) => void,
): Promise<{ column: Column; posteriors: Posterior[] }> {
  const t0 = performance.now();
  const estimator = await contender.train(simulatorModel, {
    trainingSet,
    validationFraction: settings.validationSimulations / total,
    seed: settings.seed + 2,
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const posteriors = await infer(spatialGpSimulator, dataSets, estimator);
  const inferSeconds = (performance.now() - t1) / 1000;
  log(`${contender.name}: trained in ${trainSeconds.toFixed(0)} s, ${((1000 * inferSeconds) / dataSets.length).toFixed(2)} ms per test set`);
  return {
    column: {
      method: contender.name,
      scores: scorePosteriors(posteriors.slice(0, truths.length), truths, settings.drawsPerSet),
      trainSeconds,
      inferSecondsPerSet: inferSeconds / dataSets.length,
      note: contender.note,
    },
    posteriors,
  };
}

/** The paper's table (×10² except COV90 in %), for the side-by-side. */
export const PAPER = {
  MCMC: { rmspe: 1.5, mis90: 9.55, mcrps: 1.41, cov90: 89.6 },
  NBE: { rmspe: 1.56, mis90: 10.62, mcrps: null, cov90: 87.7 },
  NPE: { rmspe: 1.5, mis90: 9.89, mcrps: 1.46, cov90: 90.6 },
  'amortized VI': { rmspe: 1.64, mis90: 9.8, mcrps: 1.36, cov90: 77.7 },
  NRE: { rmspe: 1.7, mis90: 10.99, mcrps: 1.59, cov90: 91.3 },
} as const;

function writeReport(report: SavedReport): void {
  const { settings, columns } = report;
  mkdirSync(resultsDir, { recursive: true });
  const stem = stemFor(settings);
  const f = (v: number | null, scale = 100): string => (v === null ? '—' : (v * scale).toFixed(2));
  const day = (iso: string | undefined): string => (iso === undefined ? '—' : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`);
  const updates = report.updates ?? [];
  const lines = [
    `# Spatial GP: the review's table, reproduced${settings.quick ? ' (quick smoke run — small budgets, not comparable)' : ''}`,
    '',
    `Generated by \`npm run gp${settings.quick ? ' -- --quick' : ''}\` on ${report.generated ?? '(date not recorded)'}: ${settings.testSets} test sets, ` +
      `${settings.trainingSimulations} training + ${settings.validationSimulations} validation simulations, seed ${settings.seed}.`,
    ...updates.map(
      (u) =>
        `Columns ${u.methods.join(', ')} from \`GP_ONLY=${u.methods.join(',')} npm run gp${settings.quick ? ' -- --quick' : ''}\` on ${u.date}: ` +
        'the same seed, test sets (the exact reference reproduced its saved scores) and training set, so the columns are comparable.',
    ),
    '',
    '## Ours (×10² except COV90 in %)',
    '',
    '| method | RMSPE | MIS90 | MCRPS | CRPS (median) | COV90 | training (s) | inference per data set | run (UTC) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...columns.map(
      (c) =>
        `| ${c.method} | ${f(c.scores.rmspe)} | ${f(c.scores.mis)} | ${f(c.scores.mcrps)} | ${f(c.scores.medianCrps)} | ${(100 * c.scores.coverage).toFixed(1)} | ${c.trainSeconds === null ? '—' : c.trainSeconds.toFixed(0)} | ${formatSeconds(c.inferSecondsPerSet)} | ${day(c.runDate)} |`,
    ),
    '',
    ...columns.filter((c) => c.note).map((c) => `- ${c.method}: ${c.note}`),
    '',
    '## The paper (arXiv 2404.12484)',
    '',
    '| | RMSPE | MIS90 | MCRPS | COV90 |',
    '|---|---|---|---|---|',
    ...Object.entries(PAPER).map(([m, s]) => `| ${m} | ${s.rmspe} | ${s.mis90} | ${s.mcrps ?? '—'} | ${s.cov90} |`),
    '',
    '![Posteriors for θ = 0.1, 0.3, 0.5](' + `${stem}-posteriors.svg)`,
    ...updates.flatMap((u) => ['', `${u.methods.join(', ')} (run of ${day(u.date)}), same data sets:`, '', `![${u.methods.join(', ')} posteriors for θ = 0.1, 0.3, 0.5](${u.figure})`]),
    '',
  ];
  writeFileSync(join(resultsDir, `${stem}.md`), lines.join('\n'));
  writeFileSync(join(resultsDir, `${stem}.json`), JSON.stringify({ ...report, paper: PAPER }, null, 2) + '\n');
}

function formatSeconds(s: number): string {
  return s < 1 ? `${(1000 * s).toFixed(2)} ms` : `${s.toFixed(2)} s`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const only = process.env['GP_ONLY'] ? process.env['GP_ONLY'].split(',').map((s) => s.trim()).filter(Boolean) : null;
  const started = performance.now();
  runExperiment(settingsFor(quick), console.log, only)
    .then(() => console.log(`done in ${((performance.now() - started) / 60000).toFixed(1)} minutes`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
