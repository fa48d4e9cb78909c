/**
 * sbibm's reference files (../shared/reference/sbibm, read in place, never copied): observations,
 * reference posterior draws (gzip CSV), and the published C2ST per task, algorithm and budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** ../shared/reference/sbibm relative to the project root. */
export const SBIBM_DIR = fileURLToPath(new URL('../../../shared/reference/sbibm/', import.meta.url));

function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  return { header, rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

/** Observation `obs` (1–10) of `task` as sbibm's flat row data_1..data_D, or null if absent. */
export function observation(task: string, obs: number): number[] | null {
  const file = `${SBIBM_DIR}${task}/obs${obs}/observation.csv`;
  if (!existsSync(file)) return null;
  return parseCsv(readFileSync(file, 'utf8')).rows[0]!;
}

/** The 10,000 reference posterior draws (n × d row-major), or null if absent. */
export function referenceDraws(task: string, obs: number): { draws: Float64Array; dim: number } | null {
  const file = `${SBIBM_DIR}${task}/obs${obs}/reference_posterior_samples.csv.gz`;
  if (!existsSync(file)) return null;
  const { rows } = parseCsv(gunzipSync(readFileSync(file)).toString('utf8'));
  const dim = rows[0]!.length;
  const draws = new Float64Array(rows.length * dim);
  rows.forEach((r, i) => draws.set(r, i * dim));
  return { draws, dim };
}

/** Published mean C2ST at 10k simulations (Lueckmann et al. 2021), used when the CSV is absent. */
const FALLBACK: Record<string, Record<string, number>> = {
  two_moons: { NPE: 0.61, NLE: 0.71, NRE: 0.76, 'REJ-ABC': 0.85 },
  gaussian_linear: { NPE: 0.55, NLE: 0.55, NRE: 0.56, 'REJ-ABC': 0.86 },
  slcp: { NPE: 0.90, NLE: 0.77, NRE: 0.95, 'REJ-ABC': 0.97 },
};

let table: Map<string, number[]> | null = null;

/**
 * sbibm's published C2ST for `task` and `algorithm` ('NPE', 'NLE', 'NRE', 'REJ-ABC') at `budget`
 * simulations: the mean over the given observations (all 10 by default), from
 * sbibm_main_paper_results.csv when present.
 */
export function publishedC2st(task: string, algorithm: string, budget = '10⁴', observations?: number[]): number | null {
  if (table === null) {
    table = new Map();
    const file = `${SBIBM_DIR}sbibm_main_paper_results.csv`;
    if (existsSync(file)) {
      const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
      const head = lines[0]!.split(',');
      const [iTask, iSims, iObs, iAlg, iC2st] = ['task', 'num_simulations', 'num_observation', 'algorithm', 'C2ST'].map((h) => head.indexOf(h));
      for (const line of lines.slice(1)) {
        const f = line.split(',');
        const key = `${f[iTask!]}|${f[iSims!]}|${f[iAlg!]}`;
        const list = table.get(key) ?? [];
        list[Number(f[iObs!]) - 1] = Number(f[iC2st!]);
        table.set(key, list);
      }
    }
  }
  const list = table.get(`${task}|${budget}|${algorithm}`);
  if (!list) return budget === '10⁴' ? FALLBACK[task]?.[algorithm] ?? null : null;
  const values = (observations ?? list.map((_, i) => i + 1)).map((o) => list[o - 1]).filter((v): v is number => Number.isFinite(v));
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}
