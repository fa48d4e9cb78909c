/**
 * The exact posterior of the spatial GP for many data sets at once. θ is one-dimensional and its
 * prior is U(0, 0.6), so p(θ | z) ∝ p(z | θ) on (0, 0.6) is computed by quadrature on a fine grid;
 * each grid point's Cholesky factor is shared by all data sets (problem.ts), so 1,000 posteriors
 * cost one factorisation per grid point plus one triangular solve per (grid point, data set).
 */
import { GridDensity } from '../../src/samplers/grid-density.js';
import { CELLS, exactLogLikelihoodOnGrid, PRIOR_UPPER } from './problem.js';

/** 600 cells of width 0.001: far below the posterior sd of a 256-point field (≳ 0.005). */
export const REFERENCE_CELLS = 600;

export function exactPosteriors(fields: Float64Array, cells = REFERENCE_CELLS): GridDensity[] {
  const edges = GridDensity.uniformEdges(0, PRIOR_UPPER, cells);
  const logLikelihood = exactLogLikelihoodOnGrid(fields, GridDensity.midpoints(edges));
  const sets = fields.length / CELLS;
  // The prior is flat on the grid's range, so the posterior is the normalised likelihood.
  return Array.from({ length: sets }, (_, i) => new GridDensity(edges, logLikelihood.subarray(i * cells, (i + 1) * cells)));
}
