/**
 * `amortize infer <model> --estimator est/ --data many.csv`: load a trained estimator and infer on
 * every data set in the file at once (that is what amortization buys: no retraining, no MCMC).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { infer } from '../../backends/infer.js';
import { requirePositional } from '../args.js';
import { lookupBackend } from '../backends.js';
import { type CommandContext, status } from '../context.js';
import { inputsOf, resolveDataSets } from '../datasets.js';
import { InputFileError, UsageError } from '../errors.js';
import { loadModelFile } from '../load-model.js';
import { ProgressBars } from '../progress.js';
import { checkPlotFlags, emitResults } from '../results.js';
import { ESTIMATOR_MANIFEST } from './train.js';

/** The backend that made the estimator: --backend, else the manifest `amortize train` wrote. */
async function estimatorBackend(dir: string, flag: string | undefined): Promise<string> {
  if (flag) return flag;
  try {
    const manifest = JSON.parse(await readFile(join(dir, ESTIMATOR_MANIFEST), 'utf8')) as { backend?: string };
    if (manifest.backend) return manifest.backend;
  } catch {
    // fall through to the error below
  }
  throw new InputFileError(`'${dir}' has no ${ESTIMATOR_MANIFEST} saying which backend trained it: give --backend`);
}

export async function inferCommand(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.line;
  const file = requirePositional(ctx.line, 'a model file (.ts, .js, .mjs or .amz)');
  if (!flags.estimator) throw new UsageError('amortize infer needs --estimator <dir> (made by `amortize train`)');
  checkPlotFlags(ctx);
  const dir = resolve(ctx.io.cwd, flags.estimator);
  const entry = lookupBackend(await estimatorBackend(dir, flags.backend), ctx.registry);
  if (entry.kind !== 'amortized') throw new UsageError(`'${entry.name}' is not an amortized backend; estimators come from nbe, npe, nle or nre`);
  const loaded = await loadModelFile(file, ctx.io.cwd);
  const { dataSets, origin } = await resolveDataSets(loaded, flags.data, ctx.io.cwd);
  const module = await entry.module();
  // The model compiled at the data's inputs: the loader refuses an estimator trained on another model.
  const estimator = await module.load(dir, loaded.model.compile(inputsOf(loaded, dataSets[0]!)));
  const bars = ProgressBars.for(ctx.io.stderr, flags);
  status(ctx, `${entry.name}: inferring on ${dataSets.length} data set${dataSets.length === 1 ? '' : 's'}…`);
  const started = performance.now();
  const posteriors = await infer(loaded.model, dataSets, estimator, {
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    onProgress: bars.onProgress,
  }).finally(() => bars.finish());
  const seconds = (performance.now() - started) / 1000;
  status(ctx, `inferred on ${dataSets.length} data sets in ${seconds.toFixed(2)} s`);
  return emitResults(ctx, posteriors, {
    command: 'infer', model: file, backend: entry.name, dataOrigin: origin,
    ...(loaded.reference ? { reference: loaded.reference } : {}),
    extra: { estimator: flags.estimator, inferSeconds: seconds },
  });
}
