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

export function amortizedContenders(settings: ExperimentSettings): Contender[] {
  const epochs = settings.quick ? 8 : 60;
  const patience = settings.quick ? 3 : 8;
  return [
    {
      name: 'NBE',
      note: 'absolute-error (posterior median) and pinball-loss 5%/95% quantile networks, non-crossing',
      train: (model, options) =>
        nbe({ estimators: ['median', 'quantiles'], levels: [0.05, 0.95], epochs, patience }).train(model, options),
    },
    {
      name: 'NPE',
      note: 'rational-quadratic spline flow on the unconstrained (logit) scale of θ/0.6',
      train: (model, options) => npe({ epochs, patience, draws: settings.drawsPerSet }).train(model, options),
    },
    {
      name: 'NRE',
      note: 'NRE-A classifier; posterior on a 750-cell θ grid, as the review',
      train: (model, options) => nre({ epochs, patience, posterior: 'grid', draws: settings.drawsPerSet }).train(model, options),
    },
  ];
}
