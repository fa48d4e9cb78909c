/**
 * The untrained backend value (`npe(opts)`, `nbe(opts)`, ...): holds training defaults, trains on
 * `train(model, opts)`, and is itself accepted by `infer`. Given to `infer` untrained, it trains
 * first — saying so in a progress event and in each posterior's warnings — and keeps the trained
 * estimator per model fingerprint so later `infer` calls reuse it.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { Model } from '../../lang/model.js';
import type { Backend, RunOptions } from '../backend.js';
import type { Posterior } from '../posterior.js';
import type { TrainedEstimator } from './trained-estimator.js';
import { checkAmortizedOptions } from './check-options.js';
import type { AmortizedTrainOptions } from './train-options.js';
import type { EstimatorSource, LoadEstimatorOptions } from './bundle.js';

export abstract class AmortizedBackend<T extends TrainedEstimator> implements Backend {
  abstract readonly kind: string;
  readonly trained = false as const;
  private readonly cache = new Map<string, Promise<T>>();

  constructor(
    /** Training defaults; `train`'s options override them. */
    readonly defaults: AmortizedTrainOptions,
  ) {
    // Checked at construction, before any simulation: `nle({ sampler: { chains: 7 } })` fails here.
    checkAmortizedOptions(new.target.name.replace(/Backend$/, '').toLowerCase(), defaults);
  }

  /** Simulate from `model`, train, and return the trained estimator. */
  abstract train(model: Model | CompiledModel, opts?: AmortizedTrainOptions): Promise<T>;
  /** Load an estimator saved with `save(dir)` (optionally insisting it belongs to `model`). */
  abstract load(dir: EstimatorSource, opts?: LoadEstimatorOptions): Promise<T>;

  async run(model: CompiledModel, xs: Float64Array[], options: RunOptions = {}): Promise<Posterior[]> {
    let trained = this.cache.get(model.fingerprint);
    if (trained === undefined) {
      const sims = this.defaults.simulations ?? 10_000;
      const message = `${this.kind}: untrained backend given to infer: training it first on ${sims} simulations from the model ` +
        `(train once with ${this.kind}(...).train(model) and pass the trained estimator to skip this)`;
      options.onProgress?.({ phase: 'train', done: 0, total: 1, message });
      const trainOpts: AmortizedTrainOptions = {};
      if (options.seed !== undefined) trainOpts.seed = options.seed;
      if (options.onProgress) trainOpts.onProgress = options.onProgress;
      trained = this.train(model, trainOpts);
      this.cache.set(model.fingerprint, trained);
      trained.catch(() => this.cache.delete(model.fingerprint));
      const posts = await (await trained).run(model, xs, options);
      for (const p of posts) p.warnings.push(message);
      return posts;
    }
    return (await trained).run(model, xs, options);
  }
}
