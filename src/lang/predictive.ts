/**
 * Posterior predictive draws of the data, one call away: for each posterior draw of θ, one
 * replicate of every `data` statement from the model's own simulator (latents drawn fresh).
 * It is CompiledModel.simulateData with the draw count taken from θ and the results named.
 */
import type { CompiledModel } from './compiled-model.js';
import type { Rng } from '../runtime/rng.js';
import { DataError } from './errors.js';

export interface PredictiveDraws {
  /** Number of replicates (one per θ draw). */
  readonly n: number;
  /** n × dataDim, row-major, in the layout of CompiledModel.flattenData. */
  readonly x: Float64Array;
  /** Replicate i as { dataName: number | number[] | number[][] }. */
  draw(i: number): Record<string, unknown>;
}

/** theta: n × dim posterior draws (constrained, the layout of Posterior draws / CompiledModel.params). */
export function posteriorPredictive(model: CompiledModel, theta: Float64Array, rng: Rng): PredictiveDraws {
  if (model.dim === 0) throw new DataError('theta', 'this model has no parameters to draw from', 'a model with params', 'dim 0');
  if (theta.length % model.dim !== 0) {
    throw new DataError('theta', 'length is not a whole number of draws', `a multiple of ${model.dim}`, `length ${theta.length}`);
  }
  const n = theta.length / model.dim;
  const x = model.simulateData(theta, n, rng);
  return {
    n,
    x,
    draw(i: number) {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new DataError('i', 'draw index out of range', `0..${n - 1}`, String(i));
      return model.unflattenData(x.subarray(i * model.dataDim, (i + 1) * model.dataDim));
    },
  };
}
