/**
 * What `run` and `infer` produce: the summary on stdout (text or --json), and in --out the draws
 * (CSV), the summary (JSON), the ArviZ-shaped posterior (JSON) and, with --plot, SVG plots.
 * Several data sets get one sub-folder each (dataset-001/, ...) plus a combined summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Posterior } from '../backends/posterior.js';
import { posteriorPlotSpecs } from '../plots/posterior-plots.js';
import { writePlot } from '../plots/render.js';
import type { CliIO } from './io.js';

export interface ResultReport {
  dataSet: number;
  method: string;
  summary: ReturnType<Posterior['summary']>;
  warnings: string[];
  timing: Record<string, number>;
}

export function reportOf(posterior: Posterior, index: number): ResultReport {
  return { dataSet: index + 1, method: posterior.method, summary: posterior.summary(), warnings: posterior.warnings, timing: posterior.timing };
}

/** The human-readable stdout of `run`/`infer`. Many data sets: a compact table per set, capped. */
export function summaryText(posteriors: Posterior[], maxTables = 20): string {
  if (posteriors.length === 1) return posteriors[0]!.summaryTable() + '\n';
  const parts: string[] = [];
  posteriors.slice(0, maxTables).forEach((p, i) => parts.push(`── data set ${i + 1} of ${posteriors.length} ──\n${p.summaryTable()}\n`));
  if (posteriors.length > maxTables) parts.push(`… ${posteriors.length - maxTables} more data sets (see --out or --json for all)\n`);
  return parts.join('\n');
}

/** Write every output file; returns their paths relative to cwd. */
export async function writeOutputs(
  outDir: string,
  posteriors: Posterior[],
  options: { io: CliIO; plot: boolean; reference?: Record<string, number>; extra?: Record<string, unknown> },
): Promise<string[]> {
  const root = resolve(options.io.cwd, outDir);
  await mkdir(root, { recursive: true });
  const written: string[] = [];
  const put = async (path: string, text: string): Promise<void> => {
    await writeFile(path, text);
    written.push(relative(options.io.cwd, path));
  };
  for (const [i, p] of posteriors.entries()) {
    const dir = posteriors.length === 1 ? root : join(root, `dataset-${String(i + 1).padStart(3, '0')}`);
    await mkdir(dir, { recursive: true });
    await put(join(dir, 'draws.csv'), p.toCSV());
    await put(join(dir, 'summary.json'), JSON.stringify(reportOf(p, i), null, 2) + '\n');
    await put(join(dir, 'posterior.json'), JSON.stringify(p.toJSON()) + '\n');
    // Plots of every data set would be slow for thousands of sets: the first few are enough to look at.
    if (options.plot && i < 10) {
      const specs = posteriorPlotSpecs(p, options.reference ? { reference: options.reference } : {});
      for (const [name, spec] of Object.entries(specs)) {
        const path = join(dir, `${name}.svg`);
        await writePlot(spec, path);
        written.push(relative(options.io.cwd, path));
      }
    }
  }
  if (posteriors.length > 1) {
    await put(join(root, 'summary.json'), JSON.stringify({ ...options.extra, results: posteriors.map(reportOf) }, null, 2) + '\n');
  }
  return written;
}
