/** NBE's options: which Bayes estimators to train, quantile levels, network sizes, training defaults. */
import type { AmortizedTrainOptions, SummaryOption } from '../amortized/index.js';

/** 'mean': squared error; 'median': absolute error; 'quantiles': pinball loss at `levels`. */
export type NbeTarget = 'mean' | 'median' | 'quantiles';

export interface NbeOptions extends AmortizedTrainOptions {
  /** Estimators trained jointly on the sum of their Bayes risks (default ['mean', 'quantiles']). */
  estimators?: NbeTarget[];
  /** Quantile levels in (0, 1) (default [0.05, 0.95]: the 90% central interval). */
  levels?: number[];
  /** Summary network s(x) (default 'auto'). */
  summary?: SummaryOption;
  /** Hidden widths of the head MLP after s(x) (default [64, 64]). */
  hidden?: number[];
}

export const NBE_DEFAULTS = { estimators: ['mean', 'quantiles'] as NbeTarget[], levels: [0.05, 0.95], hidden: [64, 64] };
export const NBE_TRAIN_DEFAULTS = { epochs: 100, batchSize: 256, learningRate: 2e-3, patience: 20 };
