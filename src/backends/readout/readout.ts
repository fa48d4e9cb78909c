/**
 * The posterior read-out NLE and NRE share: prior × exp ℓ(u_θ, x), with ℓ the learned
 * log-likelihood (NLE) or log ratio (NRE), either
 *
 * - on a grid (./grid-posterior.ts: one or two parameters; exact draws from a 750-cell or
 *   200 × 200 grid), or
 * - by the batched ensemble sampler (./learned-posterior.ts) for any number of parameters.
 *
 * 'auto' picks the grid for one parameter and MCMC otherwise (two parameters: grid on request).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { ProgressEvent } from '../backend.js';
import type { Posterior } from '../posterior.js';
import type { BatchedLogLikelihood } from '../../samplers/chunked.js';
import type { BatchedSamplerOptions } from '../../samplers/sample.js';
import { gridPosteriors } from './grid-posterior.js';
import { learnedPosteriors } from './learned-posterior.js';

export type PosteriorReadout = 'auto' | 'grid' | 'mcmc';

/** How a trained NLE / NRE turns ℓ into posteriors (saved with the estimator). */
export interface ReadoutConfig {
  posterior: PosteriorReadout;
  /** Cells for one parameter (default 750). */
  gridCells?: number;
  /** Cells per axis for two parameters (default 200). */
  gridCellsPerAxis?: number;
  /** Draws per data set (grid; and MCMC unless the sampler sets its own). Unset: the sampler's default. */
  draws?: number;
  sampler: BatchedSamplerOptions;
}

export interface ReadoutArgs {
  method: string;
  model: CompiledModel;
  xs: Float64Array[];
  /** P, the param block's unconstrained dimension. */
  paramDim: number;
  logTerm: BatchedLogLikelihood;
  config: ReadoutConfig;
  seed?: number;
  onProgress?: (event: ProgressEvent) => void;
  attrs?: Record<string, unknown>;
  timing?: Record<string, number>;
}

/** Whether `config` reads out on a grid for a P-parameter model. */
export function usesGrid(config: Pick<ReadoutConfig, 'posterior'>, P: number): boolean {
  return config.posterior === 'grid' || (config.posterior === 'auto' && P === 1);
}

export function readoutPosteriors(a: ReadoutArgs): Posterior[] {
  const c = a.config;
  if (usesGrid(c, a.paramDim)) {
    return gridPosteriors({
      method: a.method, model: a.model, xs: a.xs, logTerm: a.logTerm,
      cells: c.gridCells ?? 750, cellsPerAxis: c.gridCellsPerAxis ?? 200,
      draws: c.draws ?? c.sampler.draws ?? 10_000, seed: a.seed ?? 1,
      ...(a.timing ? { timing: a.timing } : {}), ...(a.attrs ? { attrs: a.attrs } : {}),
    });
  }
  return learnedPosteriors({
    method: a.method,
    model: a.model,
    xs: a.xs,
    logLikelihood: a.logTerm,
    sampler: c.draws !== undefined ? { draws: c.draws, ...c.sampler } : c.sampler,
    ...(a.seed !== undefined ? { seed: a.seed } : {}),
    ...(a.onProgress ? { onProgress: a.onProgress } : {}),
    ...(a.timing ? { timing: a.timing } : {}),
    attrs: { ...(a.attrs ?? {}), readout: 'mcmc' },
  });
}
