/**
 * `amortize compare <model> --backends nuts,rwm,npe [--data file] [--out dir]`: the same data set
 * through several backends, side by side: a table of posterior medians and 90% intervals per
 * parameter, and with --out the `compare` plot (compare.svg) and each backend's summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { infer } from '../../backends/infer.js';
import type { Posterior } from '../../backends/posterior.js';
import { compareSpec, intervalRows } from '../../plots/compare.js';
import { writePlot } from '../../plots/render.js';
import { requirePositional } from '../args.js';
import { lookupBackend } from '../backends.js';
import { type CommandContext, status } from '../context.js';
import { resolveDataSets } from '../datasets.js';
import { EXIT, UsageError } from '../errors.js';
import { loadModelFile } from '../load-model.js';
import { obtainBackend } from '../obtain-backend.js';
import { reportOf } from '../output.js';
import { ProgressBars } from '../progress.js';

function cellText(median: number, lo: number, hi: number): string {
  const f = (v: number): string => (Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(3)) : '—');
  return `${f(median)} [${f(lo)}, ${f(hi)}]`;
}

/** name | backend1 median [q5, q95] | backend2 ... */
export function compareTable(posteriors: Record<string, Posterior>): string {
  const backends = Object.keys(posteriors);
  const rows = Object.fromEntries(backends.map((b) => [b, intervalRows(b, posteriors[b]!)]));
  const names = posteriors[backends[0]!]!.names;
  const cells = names.map((name, j) => [name, ...backends.map((b) => { const r = rows[b]![j]!; return cellText(r.median, r.lo90, r.hi90); })]);
  const header = ['name', ...backends.map((b) => `${b}: median [5%, 95%]`)];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ');
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

export async function compareCommand(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.line;
  const file = requirePositional(ctx.line, 'a model file (.ts, .js, .mjs or .amz)');
  const names = flags.backends ?? (flags.backend ? [flags.backend] : []);
  if (names.length < 1) throw new UsageError('amortize compare needs --backends, e.g. --backends nuts,rwm');
  const entries = names.map((n) => lookupBackend(n, ctx.registry));
  const loaded = await loadModelFile(file, ctx.io.cwd);
  const { dataSets, origin } = await resolveDataSets(loaded, flags.data, ctx.io.cwd);
  if (dataSets.length > 1) status(ctx, `compare uses the first of the ${dataSets.length} data sets in ${origin}`);
  const bars = ProgressBars.for(ctx.io.stderr, flags);
  const posteriors: Record<string, Posterior> = {};
  const seconds: Record<string, number> = {};
  for (const entry of entries) {
    const started = performance.now();
    const { backend } = await obtainBackend(ctx, entry, loaded, dataSets.slice(0, 1), bars.onProgress).finally(() => bars.finish());
    status(ctx, `${entry.name}: inferring…`);
    posteriors[entry.name] = await infer(loaded.model, dataSets[0]!, backend, {
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      onProgress: bars.onProgress,
    }).finally(() => bars.finish());
    seconds[entry.name] = (performance.now() - started) / 1000;
  }
  const files: string[] = [];
  if (flags.out) {
    const dir = resolve(ctx.io.cwd, flags.out);
    await mkdir(dir, { recursive: true });
    await writePlot(compareSpec(posteriors, loaded.reference ? { reference: loaded.reference } : {}), join(dir, 'compare.svg'));
    files.push(join(flags.out, 'compare.svg'));
    for (const [name, p] of Object.entries(posteriors)) {
      await writeFile(join(dir, `${name}.summary.json`), JSON.stringify(reportOf(p, 0), null, 2) + '\n');
      files.push(join(flags.out, `${name}.summary.json`));
    }
  }
  if (flags.json) {
    const results = Object.fromEntries(Object.entries(posteriors).map(([n, p]) => [n, { ...reportOf(p, 0), seconds: seconds[n] }]));
    ctx.io.stdout.write(JSON.stringify({ command: 'compare', model: file, data: origin, results, files }, null, 2) + '\n');
  } else {
    ctx.io.stdout.write(compareTable(posteriors));
    ctx.io.stdout.write(`\ntime: ${Object.entries(seconds).map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')}\n`);
    if (files.length > 0 && !flags.quiet) ctx.io.stdout.write(`wrote ${files.join(', ')}\n`);
  }
  return EXIT.ok;
}
