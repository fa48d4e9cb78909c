/**
 * The training driver shared by the amortized backends: simulate (or take) the training set,
 * run the engine's `train` on the backend's loss, and record what happened.
 *
 *   minimise  L(φ) = (1/N) Σ_i ℓ_φ(u_θ,i, x_i)   over the simulated pairs
 *
 * where ℓ is the backend's loss (NPE: −log q, NBE: Bayes risk, NLE: −log q(x | θ), NRE: BCE).
 * Early stopping on the smoothed validation loss restores the best epoch's weights; the learning
 * rate follows a plateau schedule, or a cosine over `epochs` when the caller fixes them.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import {
  initNeuralBackend, train, type LossFn, type Module, type TrainArrays,
} from '../../nn/index.js';
import type { AmortizedTrainOptions, TrainingRecord } from './train-options.js';
import { checkAmortizedOptions } from './check-options.js';
import { simulateTrainingSet, type TrainingSet } from './training-set.js';

/** Simulate `opts.simulations` pairs (or return `opts.trainingSet`), after starting the neural backend. */
export async function trainingSetFor(model: CompiledModel, opts: AmortizedTrainOptions): Promise<TrainingSet> {
  checkAmortizedOptions('train', opts); // the merged options, before simulating
  await initNeuralBackend();
  if (opts.trainingSet) {
    const s = opts.trainingSet;
    if (s.x.length !== s.n * model.dataDim) throw new Error(`trainingSet: x has ${s.x.length} values, expected ${s.n} × ${model.dataDim}`);
    return s;
  }
  return simulateTrainingSet(model, opts.simulations ?? 10_000, {
    seed: opts.seed ?? 1,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.maxNonFiniteFraction !== undefined ? { maxNonFiniteFraction: opts.maxNonFiniteFraction } : {}),
  });
}

export interface FitArgs {
  modules: Module[];
  loss: LossFn;
  /** Fields the loss reads, N rows each (float32 or float64; batches are float32). */
  data: TrainArrays;
  set: TrainingSet;
  opts: AmortizedTrainOptions;
  /** Backend-specific defaults for epochs, batch size, learning rate, patience. */
  defaults: { epochs: number; batchSize: number; learningRate: number; patience: number };
}

export async function fit(a: FitArgs): Promise<TrainingRecord> {
  const info = await initNeuralBackend();
  const o = a.opts;
  const batchSize = o.batchSize ?? a.defaults.batchSize;
  const learningRate = o.learningRate ?? a.defaults.learningRate;
  const r = await train({
    modules: a.modules,
    loss: a.loss,
    data: a.data,
    epochs: o.epochs ?? a.defaults.epochs,
    batchSize,
    learningRate,
    patience: o.patience ?? a.defaults.patience,
    // A user-given epoch count is a fixed budget: decay the rate over it (cosine). Otherwise train to
    // convergence: halve the rate when the smoothed validation loss stalls (nn/train/schedule.ts).
    schedule: o.epochs !== undefined ? 'cosine' : 'plateau',
    weightDecay: o.weightDecay ?? 0,
    validationFraction: o.validationFraction ?? 0.1,
    seed: o.seed ?? 1,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const record: TrainingRecord = {
    simulations: a.set.n,
    droppedSimulations: a.set.dropped + r.droppedSimulations,
    seed: o.seed ?? 1,
    epochs: r.epochs,
    bestEpoch: r.bestEpoch,
    bestValLoss: r.bestValLoss,
    stopReason: r.stopReason,
    batchSize,
    learningRate,
    simulateSeconds: a.set.seconds,
    trainSeconds: r.seconds,
    neuralBackend: info.name,
    history: r.history,
  };
  if (r.message !== undefined) record.message = r.message;
  if (a.set.faults) record.faults = a.set.faults;
  return record;
}
