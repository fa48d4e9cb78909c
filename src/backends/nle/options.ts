/** NLE's options: the flow for q(x | θ), training defaults, and the posterior sampler. */
import type { DensityConfigs, DensityKind } from '../../nn/density/index.js';
import type { AmortizedTrainOptions } from '../amortized/index.js';
import type { PosteriorReadout } from '../readout/index.js';
import type { BatchedSamplerOptions } from '../../samplers/index.js';

/** A density family by name, or with settings (dim, contextDim and seed are filled in). */
export type NleDensityOption =
  | DensityKind
  | { [K in DensityKind]: { kind: K } & Partial<Omit<DensityConfigs[K], 'dim' | 'contextDim'>> }[DensityKind];

export interface NleOptions extends AmortizedTrainOptions {
  /** q(x | u_θ): default a masked autoregressive flow, as sbi's NLE (see DEFAULT_NLE_DENSITY). */
  density?: NleDensityOption;
  /** The MCMC read-out's sampler (draws per data set, chains, warm-up, thinning). */
  sampler?: BatchedSamplerOptions;
  /**
   * Posterior read-out, as NRE's: 'grid' (one or two parameters: exact draws from a 750-cell or
   * 200 × 200 grid of prior × q(x | θ)), 'mcmc' (batched ensemble sampler), or 'auto' (default):
   * grid for one parameter, else MCMC.
   */
  posterior?: PosteriorReadout;
  /** Grid cells for one parameter (default 750). */
  gridCells?: number;
  /** Grid cells per axis for two parameters (default 200). */
  gridCellsPerAxis?: number;
  /** Draws per data set (grid read-out; default the sampler's draws, else 10,000). */
  draws?: number;
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
