/** abc's options (defaults as sbibm's REJ-ABC: 10,000 simulations, the 100 nearest kept). */
import type { Inputs } from '../../lang/compiled-model.js';
import type { AbcSummary } from './summaries.js';

export interface AbcOptions {
  /** Reference table size N (default 10,000). */
  simulations?: number;
  /** Simulations kept per data set (default 100, sbibm's num_top_samples). */
  accept?: number;
  /** Or the fraction kept (overrides `accept`): k = round(quantile · N). */
  quantile?: number;
  /** Summary statistics for the distance (default 'standardized' raw data). */
  summary?: AbcSummary;
  /**
   * Smooth the accepted draws by a Gaussian KDE in the unconstrained space and draw `draws` from it
   * (default false). Bandwidth factor by leave-one-out cross-validation unless given (as sbibm).
   */
  kde?: boolean | { bandwidth?: number };
  /** Draws per data set from the KDE (default 10,000). */
  draws?: number;
  seed?: number;
  inputs?: Inputs;
}
