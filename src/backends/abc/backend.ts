/**
 * `abc(opts)`: rejection ABC, the simulation-based baseline (sbibm's REJ-ABC).
 *
 * Objective: none is learned. Simulate a reference table (θ_i, x_i) ~ p(θ) p(x | θ), i < N, once;
 * for each observed x_o keep the k nearest simulations under ρ (./summaries.ts, ./rejection.ts):
 *
 *   p_ABC(θ | x_o) = p(θ | ρ(s(x), s(x_o)) ≤ ε_k)
 *
 * optionally smoothed by a Gaussian KDE in the unconstrained space (./kde.ts) to give `draws` draws,
 * as sbibm does (100 nearest of 10,000, then KDE).
 *
 * Batched: one table serves every data set of a call; `train(model)` keeps the table for later
 * calls (the same surface as the trained estimators, minus save/load: ./trained.ts).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { Model } from '../../lang/model.js';
import type { Backend, RunOptions } from '../backend.js';
import type { Posterior } from '../posterior.js';
import { compileFor, simulateTrainingSet } from '../amortized/index.js';
import type { AbcOptions } from './options.js';
import { AbcTable } from './trained.js';
import { OptionError } from '../errors.js';
import { checkAmortizedOptions } from '../amortized/check-options.js';

export function abc(opts: AbcOptions = {}): AbcBackend {
  return new AbcBackend(opts);
}

export class AbcBackend implements Backend {
  readonly kind = 'abc';
  constructor(readonly options: AbcOptions = {}) {
    checkAbcOptions(options);
  }

  /** Simulate the reference table for `model` (deterministic in the seed). */
  async train(model: Model | CompiledModel, opts: AbcOptions = {}): Promise<AbcTable> {
    const o = { ...this.options, ...opts };
    checkAbcOptions(o);
    const m = compileFor(model, o.inputs);
    const set = simulateTrainingSet(m, o.simulations ?? 10_000, { seed: o.seed ?? 1 });
    return new AbcTable(m, set, o);
  }

  async run(model: CompiledModel, xs: Float64Array[], options: RunOptions = {}): Promise<Posterior[]> {
    const table = await this.train(model, options.seed !== undefined ? { seed: options.seed } : {});
    return table.run(model, xs, options);
  }
}

/** abc's options, checked before the reference table is simulated. */
function checkAbcOptions(o: AbcOptions): void {
  checkAmortizedOptions('abc', { ...(o.simulations !== undefined ? { simulations: o.simulations } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.draws !== undefined ? { draws: o.draws } : {}) });
  if (o.accept !== undefined && !(Number.isInteger(o.accept) && o.accept >= 1)) throw new OptionError('abc', 'accept', 'a whole number ≥ 1', o.accept);
  if (o.quantile !== undefined && !(o.quantile > 0 && o.quantile <= 1)) throw new OptionError('abc', 'quantile', 'a fraction in (0, 1]', o.quantile);
}
