/**
 * `npm run bench [-- ids...] [--quick]`: runs every bench/*.bench.ts (or the named ones) and writes
 * bench/results/<id>.json and bench/results/<id>.md. Numbers are ratios against baselines measured
 * in the same run; the machine and backend are recorded with every result.
 */
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import type { Benchmark, BenchTable } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, 'results');

function toMarkdown(bench: Benchmark, tables: BenchTable[], machine: string): string {
  const out = [`# ${bench.title}`, '', `Measured ${new Date().toISOString()} on ${machine}.`, ''];
  for (const table of tables) {
    out.push(`## ${table.title}`, '');
    const columns = Object.keys(table.rows[0] ?? {});
    if (columns.length > 0) {
      out.push(`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`);
      for (const row of table.rows) {
        out.push(`| ${columns.map((c) => formatCell(row[c])).join(' | ')} |`);
      }
      out.push('');
    }
    for (const note of table.notes ?? []) out.push(`- ${note}`);
    out.push('');
  }
  return out.join('\n');
}

function formatCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    const magnitude = Math.abs(value);
    if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) return value.toExponential(3);
    return Number(value.toPrecision(4)).toString();
  }
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  mkdirSync(resultsDir, { recursive: true });
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Benchmark };
    const bench = mod.default;
    if (wanted.length > 0 && !wanted.includes(bench.id)) continue;
    console.log(`\n=== ${bench.title} (${file})`);
    const t0 = performance.now();
    const tables = await bench.run({ quick, log: (line) => console.log(`  ${line}`) });
    const seconds = (performance.now() - t0) / 1000;
    const record = { id: bench.id, title: bench.title, machine, date: new Date().toISOString(), seconds, quick, tables };
    writeFileSync(join(resultsDir, `${bench.id}.json`), JSON.stringify(record, null, 2) + '\n');
    const markdown = toMarkdown(bench, tables, machine);
    writeFileSync(join(resultsDir, `${bench.id}.md`), markdown);
    console.log(markdown);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
