/**
 * The amortized backends of the spatial-GP table and their settings. All share the CNN summary
 * network that the engine picks for a 16 × 16 field (the paper's summary network is a CNN too),
 * and one simulated training set.
 */
import type { CompiledModel } from '../../src/lang/compiled-model.js';
import type { Backend } from '../../src/backends/backend.js';
import type { AmortizedTrainOptions } from '../../src/backends/amortized/index.js';
import { nbe } from '../../src/backends/nbe/index.js';
import { npe } from '../../src/backends/npe/index.js';
import { nre } from '../../src/backends/nre/index.js';
import type { ExperimentSettings } from './experiment.js';

export interface Contender {
  name: string;
  note: string;
  train(model: CompiledModel, options: AmortizedTrainOptions): Promise<Backend>;
}

/** Wall-clock training budget per backend: the goal is ≤ 10 minutes on 2 cores. */
export const TRAINING_BUDGET_SECONDS = 600;

export function amortizedContenders(settings: ExperimentSettings): Contender[] {
  // 160,000 simulations per epoch: a dozen epochs with a cosine schedule fit in the budget; the
  // time limit stops training (keeping the best weights) if the machine is slower than that.
  const epochs = settings.quick ? 8 : 12;
  const patience = settings.quick ? 3 : 4;
  const budget = (options: AmortizedTrainOptions): AmortizedTrainOptions => ({
    ...options,
    signal: AbortSignal.timeout(TRAINING_BUDGET_SECONDS * 1000),
  });
  return [
    {
      name: 'NBE',
      note: 'absolute-error (posterior median) and pinball-loss 5%/95% quantile networks, non-crossing',
      train: (model, options) =>
        nbe({ estimators: ['median', 'quantiles'], levels: [0.05, 0.95], epochs, patience }).train(model, budget(options)),
    },
    {
      name: 'NPE',
      note: 'rational-quadratic spline flow (2 layers: θ is one-dimensional) on the unconstrained (logit) scale of θ/0.6',
      train: (model, options) =>
        npe({ epochs, patience, draws: settings.drawsPerSet, density: { kind: 'spline-flow', layers: 2, bins: 8, hidden: [64, 64] } }).train(
          model,
          budget(options),
        ),
    },
    {
      name: 'NRE',
      note: 'NRE-A classifier; posterior on a 750-cell θ grid, as the review',
      train: (model, options) => nre({ epochs, patience, posterior: 'grid', draws: settings.drawsPerSet }).train(model, budget(options)),
    },
  ];
}
