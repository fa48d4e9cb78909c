/**
 * The training loop every amortized backend uses. The objective is a callback
 * `loss(batch) => scalar` (NPE: −log q(θ|x), NLE: −log q(x|θ), NRE: classifier cross-entropy,
 * NBE: Bayes risk), and the trainable weights come from the parts (summary net + head).
 *
 * Offline: a fixed simulation budget (`data`), split into train/validation. Online: fresh
 * simulations every epoch (`simulate`), the next epoch's simulated while this one trains (overlap is
 * real when `simulate` runs in a worker, see ./simulator.ts), against a fixed validation set.
 *
 * Convergence (./stopping.ts, ./schedule.ts): the learning rate is halved when the smoothed
 * validation loss stalls for 5 epochs, and training stops after `patience` epochs without progress
 * of that smoothed loss (never before `minEpochs`); the weights of the best raw validation epoch are
 * restored at the end.
 *
 * Safety: non-finite simulations are dropped and counted (NonFiniteSimulationError past
 * `maxNonFiniteFraction`); a NaN/inf loss or gradient stops training with the best weights
 * restored and a message.
 */
import * as tf from '@tensorflow/tfjs';
import type { ProgressEvent } from '../../runtime/progress.js';
import type { Module } from '../networks/types.js';
import { uniformStream } from '../networks/init.js';
import { HostAdam } from './adam.js';
import {
  countExamples, disposeBatch, dropNonFinite, makeBatch, permutation, splitValidation,
  type Batch, type TrainArrays,
} from './data.js';
import { LearningRateSchedule, type ScheduleKind, type ScheduleOptions } from './schedule.js';
import { ConvergenceMonitor, STOPPING_DEFAULTS } from './stopping.js';

export type LossFn = (batch: Batch) => tf.Scalar;
export type SimulateFn = (n: number, epoch: number) => TrainArrays | Promise<TrainArrays>;

export interface TrainOptions {
  /** The parts whose weights are trained (e.g. [summaryNet, densityEstimator]). */
  modules: Module[];
  /** Mean loss over a batch, as a scalar tensor; must be differentiable in the modules' weights. */
  loss: LossFn;
  /** Offline: the whole simulation budget. */
  data?: TrainArrays;
  /** Online: fresh simulations for epoch `epoch` (epoch −1 is the validation set). */
  simulate?: SimulateFn;
  /** Online: simulations per epoch (default 10 000). */
  simulationsPerEpoch?: number;
  /** A validation set; otherwise split off `data` (offline) or simulated once (online). */
  validationData?: TrainArrays;
  /** Fraction held out for validation (offline) or validation size / simulationsPerEpoch (online). Default 0.1. */
  validationFraction?: number;
  batchSize?: number;
  /** Maximum epochs (default 100). */
  epochs?: number;
  learningRate?: number;
  /** Learning-rate schedule (default 'plateau' on the smoothed validation loss: halve after 5 stalled epochs, floor 1/64). */
  schedule?: ScheduleKind | ScheduleOptions;
  /** Global gradient-norm clip (default 5; Infinity disables). */
  clipNorm?: number;
  weightDecay?: number;
  /** Stop after this many epochs without progress of the smoothed validation loss (default 20; Infinity disables). */
  patience?: number;
  /** EMA weight of the newest epoch in the smoothed validation loss (default 0.3; 1: raw). */
  smoothing?: number;
  /** Relative improvement of the smoothed loss that counts as progress (default 1e-3 × max(1, |best|)). */
  minImprovement?: number;
  /** Never stop early before this many epochs (default 0). */
  minEpochs?: number;
  /** Restore the weights of the best validation epoch at the end (default true). */
  restoreBest?: boolean;
  /** Largest tolerated fraction of non-finite simulations (default 0.2). */
  maxNonFiniteFraction?: number;
  /** Seed of shuffling and the validation split. */
  seed?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Stop (keeping the best weights) when aborted. */
  signal?: AbortSignal;
}

export type StopReason = 'max-epochs' | 'early-stopping' | 'non-finite-loss' | 'aborted';

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number;
  learningRate: number;
  /** The smoothed validation loss the stopping rule and the schedule read. */
  smoothedValLoss?: number;
  seconds: number;
}

export interface TrainResult {
  stopReason: StopReason;
  /** Human-readable, set when training stopped abnormally (non-finite loss, aborted). */
  message?: string;
  epochs: number;
  /** 0-based epoch whose weights the modules hold at the end (−1: the initial weights). */
  bestEpoch: number;
  bestValLoss: number;
  history: EpochRecord[];
  /** Simulations used (after dropping), and how many were dropped as non-finite. */
  simulations: number;
  droppedSimulations: number;
  steps: number;
  seconds: number;
}

/** The unique variables of the modules, in order. */
export function collectVariables(modules: Module[]): tf.Variable[] {
  const seen = new Set<tf.Variable>();
  const out: tf.Variable[] = [];
  for (const m of modules) for (const w of m.weights()) if (!seen.has(w.variable)) { seen.add(w.variable); out.push(w.variable); }
  return out;
}

function snapshot(vars: tf.Variable[]): Float32Array[] {
  return vars.map((v) => Float32Array.from(v.dataSync() as Float32Array));
}

function restore(vars: tf.Variable[], snap: Float32Array[]): void {
  vars.forEach((v, i) => {
    const t = tf.tensor(snap[i]!, v.shape, 'float32');
    v.assign(t);
    t.dispose();
  });
}

/** Mean loss over `arrays` in batches, without gradients; NaN if any batch is non-finite. */
export function evaluateLoss(loss: LossFn, arrays: TrainArrays, batchSize: number): number {
  const n = countExamples(arrays);
  let sum = 0;
  for (let start = 0; start < n; start += batchSize) {
    const rows = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const batch = makeBatch(arrays, rows);
    const v = tf.tidy(() => loss(batch).dataSync()[0]!);
    disposeBatch(batch);
    sum += v * rows.length;
  }
  return sum / n;
}

export async function train(o: TrainOptions): Promise<TrainResult> {
  const t0 = performance.now();
  const epochs = o.epochs ?? 100;
  const batchSize = o.batchSize ?? 128;
  const patience = o.patience ?? STOPPING_DEFAULTS.patience;
  const monitor = new ConvergenceMonitor({
    patience: Number.isFinite(patience) ? patience : Number.MAX_SAFE_INTEGER,
    smoothing: o.smoothing ?? STOPPING_DEFAULTS.smoothing,
    minImprovement: o.minImprovement ?? STOPPING_DEFAULTS.minImprovement,
    minEpochs: o.minEpochs ?? 0,
  });
  const maxBad = o.maxNonFiniteFraction ?? 0.2;
  const valFraction = o.validationFraction ?? 0.1;
  const u = uniformStream(o.seed ?? 1);
  const online = o.simulate !== undefined;
  if (!online && o.data === undefined) throw new Error('train: give either data (offline) or simulate (online)');
  if (online && o.data !== undefined) throw new Error('train: give data (offline) or simulate (online), not both');

  const vars = collectVariables(o.modules);
  if (vars.length === 0) throw new Error('train: the modules have no trainable weights');
  const adam = new HostAdam(vars, { learningRate: o.learningRate ?? 1e-3, clipNorm: o.clipNorm ?? 5, weightDecay: o.weightDecay ?? 0 });
  const schedOpts: ScheduleOptions = { minImprovement: monitor.minImprovement, ...(typeof o.schedule === 'string' ? { kind: o.schedule } : (o.schedule ?? {})) };
  const schedule = new LearningRateSchedule(adam.learningRate, epochs, schedOpts);

  let simulations = 0;
  let dropped = 0;
  const clean = (a: TrainArrays): TrainArrays => {
    const r = dropNonFinite(a, maxBad);
    simulations += r.total - r.dropped;
    dropped += r.dropped;
    return r.arrays;
  };

  // Data.
  let trainSet: TrainArrays | null = null;
  let validation: TrainArrays | null = o.validationData !== undefined ? clean(o.validationData) : null;
  const perEpoch = o.simulationsPerEpoch ?? 10_000;
  let next: Promise<TrainArrays> | null = null;
  if (!online) {
    const all = clean(o.data!);
    if (validation === null) {
      const s = splitValidation(all, valFraction, u);
      trainSet = s.train;
      validation = s.validation;
    } else trainSet = all;
  } else {
    if (validation === null && valFraction > 0) validation = clean(await o.simulate!(Math.max(1, Math.round(valFraction * perEpoch)), -1));
    next = Promise.resolve(o.simulate!(perEpoch, 0));
  }

  const history: EpochRecord[] = [];
  let best = { epoch: -1, loss: Infinity, weights: snapshot(vars) };
  let steps = 0;
  let stopReason = 'max-epochs' as StopReason; // 'as': also assigned inside stopNonFinite
  let message: string | undefined;
  let lastVal: number | undefined;

  const stopNonFinite = (what: string, epoch: number): void => {
    stopReason = 'non-finite-loss';
    restore(vars, best.weights);
    message = `training stopped in epoch ${epoch + 1}: ${what} became non-finite (NaN or infinite); ` +
      (best.epoch >= 0
        ? `restored the weights of epoch ${best.epoch + 1} (validation loss ${best.loss.toPrecision(5)})`
        : 'restored the initial weights (no epoch completed)') +
      '. Lower the learning rate, standardise inputs, or check the loss for log(0).';
  };

  epochLoop: for (let epoch = 0; epoch < epochs; epoch++) {
    if (o.signal?.aborted) { stopReason = 'aborted'; message = `training aborted before epoch ${epoch + 1}`; break; }
    const te = performance.now();
    if (online) {
      trainSet = clean(await next!);
      // Ask for the next epoch's simulations now so a worker simulates while we train.
      next = epoch + 1 < epochs ? Promise.resolve(o.simulate!(perEpoch, epoch + 1)) : null;
    }
    const lr = schedule.rateFor(epoch, lastVal);
    adam.learningRate = lr;
    const n = countExamples(trainSet!);
    const perm = permutation(n, u);
    let lossSum = 0;
    let seen = 0;
    for (let start = 0; start < n; start += batchSize) {
      const rows = perm.subarray(start, Math.min(n, start + batchSize));
      const batch = makeBatch(trainSet!, rows);
      const { value, grads } = tf.variableGrads(() => o.loss(batch), vars);
      const lv = value.dataSync()[0]!;
      let ok = Number.isFinite(lv);
      if (ok) ok = adam.step(vars.map((v) => grads[v.name]!)).finite;
      value.dispose();
      for (const g of Object.values(grads)) g.dispose();
      disposeBatch(batch);
      if (!ok) { stopNonFinite(Number.isFinite(lv) ? 'a gradient' : 'the training loss', epoch); break epochLoop; }
      lossSum += lv * rows.length;
      seen += rows.length;
      steps++;
    }
    const trainLoss = lossSum / seen;
    const valLoss = validation !== null ? evaluateLoss(o.loss, validation, Math.max(batchSize, 512)) : trainLoss;
    if (!Number.isFinite(valLoss)) { stopNonFinite('the validation loss', epoch); break; }
    const verdict = monitor.update(valLoss);
    lastVal = verdict.smoothed;
    const seconds = (performance.now() - te) / 1000;
    history.push({ epoch, loss: trainLoss, valLoss, learningRate: lr, smoothedValLoss: verdict.smoothed, seconds });
    if (valLoss < best.loss) best = { epoch, loss: valLoss, weights: snapshot(vars) };
    if (o.onProgress) {
      const avg = history.reduce((s, h) => s + h.seconds, 0) / history.length;
      const metrics: Record<string, number> = { loss: trainLoss, valLoss, learningRate: lr, stepsPerSec: Math.ceil(n / batchSize) / seconds };
      if (online) metrics['simsPerSec'] = n / seconds;
      o.onProgress({ phase: 'train', done: epoch + 1, total: epochs, metrics, etaSeconds: avg * (epochs - epoch - 1) });
    }
    if (verdict.stop) { stopReason = 'early-stopping'; break; }
  }

  if (stopReason !== 'non-finite-loss' && (o.restoreBest ?? true) && history.length > 0 && best.epoch !== history[history.length - 1]!.epoch) {
    restore(vars, best.weights);
  }
  const finalEpoch = (o.restoreBest ?? true) || stopReason === 'non-finite-loss' ? best.epoch : history.length - 1;
  if (next !== null) await next.catch(() => undefined); // do not leave a rejected prefetch unobserved
  const result: TrainResult = {
    stopReason,
    epochs: history.length,
    bestEpoch: finalEpoch,
    bestValLoss: best.loss,
    history,
    simulations,
    droppedSimulations: dropped,
    steps,
    seconds: (performance.now() - t0) / 1000,
  };
  if (message !== undefined) result.message = message;
  return result;
}
