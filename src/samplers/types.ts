/**
 * What the batched samplers work on: a log density known up to a constant for G independent
 * targets (one per data set), evaluated for many points at once so that a learned density (a
 * flow or a classifier) costs ONE network call per sampler step, whatever the number of chains.
 */

/**
 * Log densities of n points.
 * @param u       (n, d) row-major points in the parameter block's unconstrained space
 * @param targets (n) which target (data set) each row belongs to, 0 ≤ targets[i] < G
 * @returns       (n) log densities (−∞ or NaN where a point has no mass: rejected)
 */
export type BatchedLogDensity = (u: Float64Array, targets: Int32Array) => Float64Array;

/** Draws from G targets: for each target, one (draws, d) array per chain. */
export interface BatchedDraws {
  /** [target][chain] → (draws, d) row-major. */
  chains: Float64Array[][];
  /** [target] mean Metropolis acceptance rate over the sampling phase. */
  acceptance: Float64Array;
  /** [target] the differential-evolution scale γ after warm-up. */
  scale: Float64Array;
  /** Log-density evaluations (rows), for cost accounting. */
  evaluations: number;
  /** Network calls (batches), for cost accounting. */
  calls: number;
  /** [target] warm-up iterations run (adaptive: see EnsembleOptions.independence and minWarmup). */
  warmup: Int32Array;
  /** [target] fraction of chains sharing their final point with another chain. */
  sharedFraction: Float64Array;
}
