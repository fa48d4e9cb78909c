/**
 * The options every amortized backend's `train(model, opts)` takes, and the record of a training
 * run that is saved with the estimator.
 */
import type { CompiledModel, Inputs } from '../../lang/compiled-model.js';
import type { Model } from '../../lang/model.js';
import type { ProgressEvent } from '../backend.js';
import type { EpochRecord, StopReason } from '../../nn/index.js';
import type { SimulationFaults, TrainingSet } from './training-set.js';
import type { CalibrateOptions } from './calibration.js';
import type { OodOptions } from './ood.js';

export interface AmortizedTrainOptions {
  /** Simulation budget (pairs simulated, before dropping non-finite ones). */
  simulations?: number;
  /** Inputs to compile a `Model` against (sizes, covariates); ignored for a CompiledModel. */
  inputs?: Inputs;
  /** Seed of simulation, initialisation, shuffling and the validation split. */
  seed?: number;
  /** Maximum epochs. */
  epochs?: number;
  batchSize?: number;
  /** Fraction of the simulations held out for validation / early stopping (default 0.1). */
  validationFraction?: number;
  learningRate?: number;
  /** Weight decay of Adam (default 0). */
  weightDecay?: number;
  /** Epochs without progress of the smoothed validation loss before stopping (default 20). */
  patience?: number;
  /** Largest fraction of simulations that may fail (throw or give NaN/±Inf) before training refuses (default 0.5). */
  maxNonFiniteFraction?: number;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Train on these pairs instead of simulating (e.g. one training set shared by several backends). */
  trainingSet?: TrainingSet;
  /** Run `calibrate` right after training (true: its defaults), keeping the report on the estimator. */
  calibrate?: boolean | Omit<CalibrateOptions, 'model'>;
  /** Out-of-distribution reference for infer-time warnings (default true; false: none). */
  ood?: boolean | OodOptions;
}

/** What a training run did; saved in the bundle's manifest and kept on the trained estimator. */
export interface TrainingRecord {
  simulations: number;
  droppedSimulations: number;
  /** Why simulations were dropped (thrown / non-finite) and the first failing θ; absent when none failed. */
  faults?: SimulationFaults;
  seed: number;
  epochs: number;
  bestEpoch: number;
  bestValLoss: number;
  stopReason: StopReason;
  message?: string;
  /** Minibatch size and initial learning rate trained with (absent in records saved before they were kept). */
  batchSize?: number;
  learningRate?: number;
  /** Seconds spent simulating and training. */
  simulateSeconds: number;
  trainSeconds: number;
  /** The tfjs backend trained on ('wasm', 'cpu', ...). */
  neuralBackend: string;
  history: EpochRecord[];
}

/**
 * Refuses an ensemble size that is not a whole number ≥ 1 (NPE's densities, NRE's classifiers).
 * Called before simulating, so a typo does not cost the simulation budget, and again where an
 * ensemble is built (a bundle read from disk).
 */
export function checkEnsembleSize(backend: string, members: number): void {
  if (!(Number.isInteger(members) && members >= 1)) throw new RangeError(`${backend}: ensemble must be a whole number ≥ 1, got ${members}`);
}

/** A `Model` compiles against `inputs`; a CompiledModel is used as is. */
export function compileFor(model: Model | CompiledModel, inputs?: Inputs): CompiledModel {
  if ('compile' in model && typeof model.compile === 'function') return model.compile(inputs ?? {});
  return model as CompiledModel;
}

/** Backend-level defaults, then the call's options (the call wins). */
export function withDefaults<T extends object>(defaults: T, call: Partial<T>): T {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(call)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** One paragraph on a training run for a summary: epochs, why it stopped, and what was dropped. */
export function trainingSummary(r: TrainingRecord): string {
  const lines = [
    `trained ${r.epochs} epochs on ${r.simulations} simulations (best epoch ${r.bestEpoch + 1}, validation loss ${r.bestValLoss.toPrecision(4)}, stopped: ${r.stopReason})`,
  ];
  if (r.droppedSimulations > 0) {
    const f = r.faults;
    const kinds = f ? ` (${f.threw} threw, ${f.nonFinite} gave NaN or ±Inf)` : '';
    lines.push(`dropped ${r.droppedSimulations} of ${r.simulations + r.droppedSimulations} simulations${kinds}`);
    for (const e of f?.examples ?? []) lines.push(`  at θ = [${e.theta.map((v) => +v.toPrecision(4)).join(', ')}]: ${e.message}`);
  }
  if (r.message) lines.push(r.message);
  return lines.join('\n');
}
