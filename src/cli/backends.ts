/**
 * The CLI's backend registry: backend names on the command line → factories.
 *
 * Two kinds. MCMC backends (`nuts`, `rwm`) are used directly. Amortized backends (`nbe`, `npe`,
 * `nle`, `nre`) are trained first (`train(model, { simulations, inputs, seed, onProgress })`),
 * giving an estimator that is itself a Backend and can be saved and loaded.
 *
 * Backends load on first use (dynamic import), so `amortize run --backend nuts` never loads the
 * neural engine. A name whose backend is not in this build answers with a clear error. Adding a
 * backend is one line in REGISTRY: `name: fromFactory(async () => (await import('...')).name)`.
 */
import type { Backend } from '../backends/backend.js';
import type { ProgressEvent } from '../backends/backend.js';
import type { Model } from '../lang/model.js';
import type { CompiledModel, Inputs } from '../lang/compiled-model.js';
import { nuts, rwm } from '../backends/mcmc/index.js';
import { UsageError } from './errors.js';

/** The command-line numbers a backend may use. */
export interface BackendFlags {
  chains?: number;
  draws?: number;
  warmup?: number;
  seed?: number;
  simulations?: number;
}

export interface TrainOptions {
  simulations?: number;
  inputs?: Inputs;
  seed?: number;
  epochs?: number;
  onProgress?: (event: ProgressEvent) => void;
}

/** A trained amortized estimator: a Backend that can be saved. */
export interface TrainedEstimator extends Backend {
  save(dir: string): Promise<unknown> | unknown;
  /** Loss per epoch, if the backend keeps it: `--plot` draws it as training curves. */
  history?: { loss: ArrayLike<number>; valLoss?: ArrayLike<number> };
  /** The amortized backends' training record (src/backends/amortized), whose history is per epoch. */
  training?: { history: { loss: number; valLoss: number }[] } | null;
}

/** What `npe(opts)` and friends return before training. */
export interface AmortizedBackend {
  train(model: Model, options: TrainOptions): Promise<TrainedEstimator>;
}

export interface AmortizedModule {
  create(options: { simulations?: number; seed?: number }): AmortizedBackend;
  /** Load a saved estimator; the compiled model lets the loader refuse one trained on another model. */
  load(dir: string, model: CompiledModel): Promise<TrainedEstimator>;
}

/** Loss curves of a trained estimator, whichever way it keeps them; undefined if it keeps none. */
export function historyOf(estimator: TrainedEstimator | undefined): { loss: number[]; valLoss: number[] } | undefined {
  if (estimator?.history) return { loss: Array.from(estimator.history.loss), valLoss: Array.from(estimator.history.valLoss ?? []) };
  const h = estimator?.training?.history;
  return h && h.length > 0 ? { loss: h.map((e) => e.loss), valLoss: h.map((e) => e.valLoss) } : undefined;
}

/** The shape of `npe`, `nbe`, `nle`, `nre`: a factory of untrained backends that train and load. */
type AmortizedFactory = (options?: Record<string, never>) => {
  train(model: Model, options: TrainOptions): Promise<TrainedEstimator>;
  load(dir: string, options: { model?: CompiledModel }): Promise<TrainedEstimator>;
};

/** A registry entry for a backend module exporting such a factory, loaded on first use. */
export function fromFactory(load: () => Promise<AmortizedFactory>): RegistryEntry {
  return amortized(async () => {
    const factory = await load();
    return {
      create: () => factory(),
      load: (dir, model) => factory().load(dir, { model }),
    };
  });
}

export type RegistryEntry =
  | { kind: 'mcmc'; create(flags: BackendFlags): Backend }
  | { kind: 'amortized'; module(): Promise<AmortizedModule> }
  | { kind: 'unavailable' };

const mcmcFlags = (f: BackendFlags) => ({
  ...(f.chains !== undefined ? { chains: f.chains } : {}),
  ...(f.draws !== undefined ? { draws: f.draws } : {}),
  ...(f.warmup !== undefined ? { warmup: f.warmup } : {}),
  ...(f.seed !== undefined ? { seed: f.seed } : {}),
});

/** For a backend module that exists: `amortized(() => import(...).then(...))`. */
export function amortized(module: () => Promise<AmortizedModule>): RegistryEntry {
  return { kind: 'amortized', module };
}

export const REGISTRY: Record<string, RegistryEntry> = {
  nuts: { kind: 'mcmc', create: (f) => nuts(mcmcFlags(f)) },
  rwm: { kind: 'mcmc', create: (f) => rwm(mcmcFlags(f)) },
  nbe: fromFactory(async () => (await import('../backends/nbe/index.js')).nbe),
  npe: fromFactory(async () => (await import('../backends/npe/index.js')).npe),
  nle: fromFactory(async () => (await import('../backends/nle/index.js')).nle),
  nre: fromFactory(async () => (await import('../backends/nre/index.js')).nre),
};

export const BACKEND_NAMES = Object.keys(REGISTRY);

/** The registry entry for a name, or a usage error listing the known names. */
export type AvailableEntry = Exclude<RegistryEntry, { kind: 'unavailable' }> & { name: string };

export function lookupBackend(name: string, registry: Record<string, RegistryEntry> = REGISTRY): AvailableEntry {
  const entry = registry[name];
  if (!entry) throw new UsageError(`unknown backend '${name}'; choose one of ${Object.keys(registry).join(', ')}`);
  if (entry.kind === 'unavailable') {
    const available = Object.entries(registry).filter(([, e]) => e.kind !== 'unavailable').map(([n]) => n);
    throw new UsageError(`backend '${name}' is not available in this build (available: ${available.join(', ')})`);
  }
  return { ...entry, name };
}
