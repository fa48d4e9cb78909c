/**
 * `amortize run <model> [--data file] --backend nuts|rwm|nbe|npe|nle|nre [--out dir] [--plot]`:
 * infer and print the summary. MCMC backends sample each data set; amortized ones are trained on
 * `--simulations` simulations first (at the inputs of the first data set) and then infer on all.
 */
import { resolve } from 'node:path';
import { infer } from '../../backends/infer.js';
import { writePlot } from '../../plots/render.js';
import { trainingSpec } from '../../plots/training.js';
import { requirePositional } from '../args.js';
import { historyOf, lookupBackend } from '../backends.js';
import { type CommandContext, status } from '../context.js';
import { resolveDataSets } from '../datasets.js';
import { loadModelFile } from '../load-model.js';
import { obtainBackend } from '../obtain-backend.js';
import { ProgressBars } from '../progress.js';
import { checkPlotFlags, emitResults } from '../results.js';

export async function runCommand(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.line;
  const file = requirePositional(ctx.line, 'a model file (.ts, .js, .mjs or .amz)');
  const entry = lookupBackend(flags.backend ?? 'nuts', ctx.registry);
  checkPlotFlags(ctx);
  const loaded = await loadModelFile(file, ctx.io.cwd);
  const { dataSets, origin } = await resolveDataSets(loaded, flags.data, ctx.io.cwd);
  const bars = ProgressBars.for(ctx.io.stderr, flags);
  try {
    const { backend, estimator } = await obtainBackend(ctx, entry, loaded, dataSets, bars.onProgress);
    bars.finish();
    status(ctx, `${entry.name}: inferring on ${dataSets.length} data set${dataSets.length === 1 ? '' : 's'}…`);
    const posteriors = await infer(loaded.model, dataSets, backend, {
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      onProgress: bars.onProgress,
    });
    bars.finish();
    const history = historyOf(estimator);
    if (flags.plot && flags.out && history) await writePlot(trainingSpec(history, { title: `${entry.name}: training curves` }), resolve(ctx.io.cwd, flags.out, 'training.svg'));
    return await emitResults(ctx, posteriors, {
      command: 'run', model: file, backend: entry.name, dataOrigin: origin,
      ...(loaded.reference ? { reference: loaded.reference } : {}),
    });
  } finally {
    bars.finish();
  }
}
