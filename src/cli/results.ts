/**
 * The common tail of `run` and `infer`: print the posteriors (text or JSON) and write --out.
 */
import type { Posterior } from '../backends/posterior.js';
import { type CommandContext } from './context.js';
import { reportOf, summaryText, writeOutputs } from './output.js';
import { EXIT, UsageError } from './errors.js';

export function checkPlotFlags(ctx: CommandContext): void {
  if (ctx.line.flags.plot && !ctx.line.flags.out) throw new UsageError('--plot writes SVG files: give --out <dir> as well');
}

export async function emitResults(
  ctx: CommandContext,
  posteriors: Posterior[],
  info: { command: string; model: string; backend: string; dataOrigin: string; reference?: Record<string, number>; extra?: Record<string, unknown> },
): Promise<number> {
  const { flags } = ctx.line;
  let files: string[] = [];
  if (flags.out) {
    files = await writeOutputs(flags.out, posteriors, {
      io: ctx.io,
      plot: flags.plot,
      ...(info.reference ? { reference: info.reference } : {}),
      extra: { command: info.command, model: info.model, backend: info.backend },
    });
  }
  if (flags.json) {
    const doc = {
      command: info.command, model: info.model, backend: info.backend, data: info.dataOrigin,
      ...info.extra,
      dataSets: posteriors.length,
      results: posteriors.map(reportOf),
      files,
    };
    ctx.io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else {
    ctx.io.stdout.write(summaryText(posteriors));
    if (files.length > 0 && !flags.quiet) ctx.io.stdout.write(`\nwrote ${files.length} files to ${flags.out}\n`);
  }
  return EXIT.ok;
}
