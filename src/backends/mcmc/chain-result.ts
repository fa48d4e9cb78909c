/** What one chain of any sampler returns (plain data: it crosses worker threads). */
export interface ChainResult {
  /** Post-warmup draws in unconstrained space, draws × dim, row-major. */
  draws: Float64Array;
  numDraws: number;
  dim: number;
  /** Per draw: log density (lp__), acceptance statistic. */
  lp: Float64Array;
  acceptStat: Float64Array;
  /** NUTS only: per draw. */
  stepSize?: Float64Array;
  treeDepth?: Float64Array;
  nLeapfrog?: Float64Array;
  divergent?: Float64Array;
  energy?: Float64Array;
  /** Adapted step size and inverse metric (NUTS) or proposal covariance (RWM). */
  adaptedStepSize?: number;
  invMetric?: Float64Array;
  gradEvals: number;
  densityEvals: number;
  warmupSeconds: number;
  sampleSeconds: number;
}

export interface ChainProgress {
  phase: 'warmup' | 'sample';
  done: number;
  total: number;
  stepSize?: number;
}
