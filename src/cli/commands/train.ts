/**
 * `amortize train <model> --backend npe --simulations N --out est/`: train an amortized estimator
 * once and save it. Next to what the backend saves, `amortize-cli.json` records which backend and
 * model made it, so `amortize infer --estimator est/` needs no --backend.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { requirePositional } from '../args.js';
import { historyOf, lookupBackend } from '../backends.js';
import { type CommandContext, status } from '../context.js';
import { inputsOf, resolveDataSets } from '../datasets.js';
import { EXIT, UsageError } from '../errors.js';
import { loadModelFile } from '../load-model.js';
import { ProgressBars } from '../progress.js';
import { writePlot } from '../../plots/render.js';
import { trainingSpec } from '../../plots/training.js';

export const ESTIMATOR_MANIFEST = 'amortize-cli.json';

export async function trainCommand(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.line;
  const file = requirePositional(ctx.line, 'a model file (.ts, .js, .mjs or .amz)');
  if (!flags.backend) throw new UsageError('amortize train needs --backend (nbe, npe, nle or nre)');
  if (!flags.out) throw new UsageError('amortize train needs --out <dir> to save the estimator in');
  const entry = lookupBackend(flags.backend, ctx.registry);
  if (entry.kind !== 'amortized') {
    throw new UsageError(`'${entry.name}' is not an amortized backend: there is nothing to train; use \`amortize run --backend ${entry.name}\``);
  }
  const loaded = await loadModelFile(file, ctx.io.cwd);
  // Training needs the inputs (sizes, covariates), which come with the data: the file's own or --data's first set.
  let inputs: Record<string, unknown> = {};
  if (loaded.model.inputNames.length > 0) {
    const { dataSets } = await resolveDataSets(loaded, flags.data, ctx.io.cwd);
    inputs = inputsOf(loaded, dataSets[0]!);
  }
  const module = await entry.module();
  const bars = ProgressBars.for(ctx.io.stderr, flags);
  status(ctx, `training ${entry.name}${flags.simulations ? ` on ${flags.simulations} simulations` : ''}…`);
  const started = performance.now();
  const estimator = await module
    .create({ ...(flags.simulations ? { simulations: flags.simulations } : {}), ...(flags.seed !== undefined ? { seed: flags.seed } : {}) })
    .train(loaded.model, {
      inputs,
      ...(flags.simulations ? { simulations: flags.simulations } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
      onProgress: bars.onProgress,
    })
    .finally(() => bars.finish());
  const seconds = (performance.now() - started) / 1000;
  const dir = resolve(ctx.io.cwd, flags.out);
  await mkdir(dir, { recursive: true });
  await estimator.save(dir);
  const manifest = { backend: entry.name, model: file, simulations: flags.simulations ?? null, seed: flags.seed ?? null, trainedSeconds: seconds, createdAt: new Date().toISOString() };
  await writeFile(join(dir, ESTIMATOR_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  const history = historyOf(estimator);
  if (flags.plot && history) await writePlot(trainingSpec(history, { title: `${entry.name}: training curves` }), join(dir, 'training.svg'));
  if (flags.json) ctx.io.stdout.write(JSON.stringify({ command: 'train', ...manifest, out: flags.out }, null, 2) + '\n');
  else ctx.io.stdout.write(`trained ${entry.name} on ${file} in ${seconds.toFixed(1)} s; saved to ${flags.out}\n`);
  return EXIT.ok;
}
