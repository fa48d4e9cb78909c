/** NLE's options: the flow for q(x | θ), training defaults, and the posterior sampler. */
import type { DensityConfigs, DensityKind } from '../../runtime/nn/density/index.js';
import type { AmortizedTrainOptions } from '../amortized/index.js';
import type { BatchedSamplerOptions } from '../amortized-sampling/index.js';

/** A density family by name, or with settings (dim, contextDim and seed are filled in). */
export type NleDensityOption =
  | DensityKind
  | { [K in DensityKind]: { kind: K } & Partial<Omit<DensityConfigs[K], 'dim' | 'contextDim'>> }[DensityKind];

export interface NleOptions extends AmortizedTrainOptions {
  /** q(x | u_θ): default a masked autoregressive flow, as sbi's NLE (see DEFAULT_NLE_DENSITY). */
  density?: NleDensityOption;
  /** The posterior sampler at inference (draws per data set, chains, warm-up, thinning). */
  sampler?: BatchedSamplerOptions;
  /**
   * The data are i.i.d. replicates: the model's data must be ONE node, a matrix [R, d] (R rows of
   * d numbers) or a vector [R] (d = 1). The flow then learns q(one row | θ) from every row of every
   * simulation (R·N examples) and a data set scores Σ_rows log q(row | θ). Default false: x is
   * modelled whole.
   */
  iid?: boolean;
}

/** sbi's NLE default: MAF, 5 transforms, 2 hidden layers of 50 per MADE. */
export const DEFAULT_NLE_DENSITY: NleDensityOption = { kind: 'maf', hidden: [50, 50], layers: 5 };

export const NLE_TRAIN_DEFAULTS = { epochs: 200, batchSize: 128, learningRate: 1e-3, patience: 20 };
