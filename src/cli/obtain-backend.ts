/**
 * A ready-to-use Backend from a registry entry: MCMC backends are made from the flags; amortized
 * ones are trained first on --simulations simulations at the inputs of the first data set (what
 * `run` and `compare` do; `train` + `infer` split the two steps).
 */
import type { Backend, ProgressEvent } from '../backends/backend.js';
import type { DataSet } from '../backends/infer.js';
import type { AvailableEntry, TrainedEstimator } from './backends.js';
import { type CommandContext, status } from './context.js';
import { inputsOf } from './datasets.js';
import type { LoadedModel } from './load-model.js';

export interface Obtained {
  backend: Backend;
  /** The trained estimator, for amortized backends (it may carry a training history to plot). */
  estimator?: TrainedEstimator;
}

export async function obtainBackend(
  ctx: CommandContext,
  entry: AvailableEntry,
  loaded: LoadedModel,
  dataSets: DataSet[],
  onProgress: (event: ProgressEvent) => void,
): Promise<Obtained> {
  const { flags } = ctx.line;
  if (entry.kind === 'mcmc') return { backend: entry.create(flags) };
  const module = await entry.module();
  status(ctx, `training ${entry.name}${flags.simulations ? ` on ${flags.simulations} simulations` : ''}…`);
  const estimator = await module
    .create({ ...(flags.simulations ? { simulations: flags.simulations } : {}), ...(flags.seed !== undefined ? { seed: flags.seed } : {}) })
    .train(loaded.model, {
      ...(flags.simulations ? { simulations: flags.simulations } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
      inputs: inputsOf(loaded, dataSets[0]!),
      onProgress,
    });
  return { backend: estimator, estimator };
}
