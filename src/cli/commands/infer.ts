/**
 * `amortize infer <model> --estimator est/ --data many.csv`: load a trained estimator and infer on
 * every data set in the file at once (that is what amortization buys: no retraining, no MCMC).
 * The backend that made the estimator is read from its save (manifest.json's `kind`), so
 * --backend is only needed for a save without one.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Backend } from '../../backends/backend.js';
import { infer } from '../../backends/infer.js';
import { loadEstimator, savedEstimatorKind } from '../../backends/load-estimator.js';
import type { CompiledModel } from '../../lang/compiled-model.js';
import { resolveSavedDir } from '../../nn/io/atomic.js';
import { MANIFEST_FILE } from '../../nn/io/format.js';
import { requirePositional } from '../args.js';
import { lookupBackend } from '../backends.js';
import { type CommandContext, status } from '../context.js';
import { inputsOf, resolveDataSets } from '../datasets.js';
import { InputFileError, UsageError } from '../errors.js';
import { loadModelFile } from '../load-model.js';
import { ProgressBars } from '../progress.js';
import { checkPlotFlags, emitResults } from '../results.js';
import { ESTIMATOR_MANIFEST } from './train.js';

/** How to load the estimator in `dir`, and the name of the backend that made it. */
interface EstimatorSource {
  name: string;
  load(model: CompiledModel): Promise<Backend>;
}

/**
 * With --backend, that backend's loader (from the registry). Without it, the kind recorded in the
 * save's own manifest.json (`loadEstimator`), else the backend named in the amortize-cli.json that
 * `amortize train` wrote (for registry backends whose saves have no manifest.json).
 */
async function estimatorSource(dir: string, flag: string | undefined, ctx: CommandContext): Promise<EstimatorSource> {
  const fromRegistry = async (name: string): Promise<EstimatorSource> => {
    const entry = lookupBackend(name, ctx.registry);
    if (entry.kind !== 'amortized') throw new UsageError(`'${entry.name}' is not an amortized backend; estimators come from nbe, npe, nle or nre`);
    const module = await entry.module();
    return { name: entry.name, load: (model) => module.load(dir, model) };
  };
  if (flag) return fromRegistry(flag);
  const cliBackend = async (): Promise<string | undefined> => {
    try {
      return (JSON.parse(await readFile(join(dir, ESTIMATOR_MANIFEST), 'utf8')) as { backend?: string }).backend;
    } catch {
      return undefined;
    }
  };
  if ((await resolveSavedDir(dir, MANIFEST_FILE)) !== null) {
    try {
      const kind = await savedEstimatorKind(dir);
      return { name: kind, load: (model) => loadEstimator(dir, { model }) };
    } catch (e) {
      // A manifest.json that is not an estimator's: amortize-cli.json may still say which backend.
      const name = await cliBackend();
      if (name) return fromRegistry(name);
      throw new InputFileError((e as Error).message);
    }
  }
  const name = await cliBackend();
  if (name) return fromRegistry(name);
  throw new InputFileError(`'${dir}' is not a saved estimator: it has neither ${MANIFEST_FILE} (what \`estimator.save(dir)\` writes) ` +
    `nor ${ESTIMATOR_MANIFEST} (what \`amortize train\` writes); make one with \`amortize train <model> --backend npe --out <dir>\``);
}

export async function inferCommand(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.line;
  const file = requirePositional(ctx.line, 'a model file (.ts, .js, .mjs or .amz)');
  if (!flags.estimator) throw new UsageError('amortize infer needs --estimator <dir> (made by `amortize train`)');
  checkPlotFlags(ctx);
  const dir = resolve(ctx.io.cwd, flags.estimator);
  const entry = await estimatorSource(dir, flags.backend, ctx);
  const loaded = await loadModelFile(file, ctx.io.cwd);
  const { dataSets, origin } = await resolveDataSets(loaded, flags.data, ctx.io.cwd);
  // The model compiled at the data's inputs: the loader refuses an estimator trained on another model.
  const estimator = await entry.load(loaded.model.compile(inputsOf(loaded, dataSets[0]!)));
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
