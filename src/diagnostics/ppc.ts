/**
 * Posterior predictive checks (Gelman, Meng & Stern 1996; Gelman et al., BDA3 ch. 6).
 *
 * For each posterior draw θ_s simulate a replicated data set x_rep,s ~ p(x | θ_s); for each
 * test statistic T compare T(x_rep,s) with T(x_obs). The posterior predictive p-value
 * p = P(T(x_rep) ≥ T(x_obs) | x_obs) near 0 or 1 says the model (or the approximate
 * posterior) cannot reproduce that feature of the data. Ties count one half (mid-p), so
 * discrete statistics are not biased towards 1. Not uniform under the null — it is
 * conservative — so read it as a discrepancy measure, not a calibrated test.
 *
 * The simulator is a plain function so any model works: for a CompiledModel pass
 * `(theta, n, seed) => model.simulateData(theta, n, createRng(seed))`.
 */
export type DataSimulator = (theta: Float64Array, n: number, seed: number) => Float64Array;

export type TestStatistic = (x: Float64Array) => number;

export interface PpcOptions {
  /** Posterior draws (nDraws, dim) row-major. */
  thetaDraws: Float64Array;
  nDraws: number;
  /** Simulate n data sets for n parameter rows: returns (n, dataDim). */
  simulate: DataSimulator;
  /** The observed data (dataDim). */
  observed: Float64Array;
  /** Named statistics of one data set; default mean, sd, min, max. */
  statistics?: Record<string, TestStatistic>;
  seed?: number;
}

export interface PpcStatistic {
  name: string;
  observed: number;
  /** T(x_rep,s) for each draw (nDraws). */
  replicated: Float64Array;
  /** P(T_rep > T_obs) + ½ P(T_rep = T_obs). */
  pValue: number;
  /** 2·min(p, 1 − p): small when T_obs is in either tail. */
  twoSidedPValue: number;
}

export interface PpcResult {
  /** Replicated data (nDraws, dataDim). */
  replicated: Float64Array;
  statistics: PpcStatistic[];
}

export const defaultStatistics: Record<string, TestStatistic> = {
  mean: (x) => x.reduce((a, b) => a + b, 0) / x.length,
  sd: (x) => {
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, x.length - 1));
  },
  min: (x) => x.reduce((a, b) => Math.min(a, b), Infinity),
  max: (x) => x.reduce((a, b) => Math.max(a, b), -Infinity),
};

export function posteriorPredictiveCheck(opts: PpcOptions): PpcResult {
  const { nDraws: s, observed } = opts;
  const replicated = opts.simulate(opts.thetaDraws, s, opts.seed ?? 0);
  const dataDim = observed.length;
  if (replicated.length !== s * dataDim) {
    throw new Error(`posteriorPredictiveCheck: simulate returned ${replicated.length} numbers; expected nDraws·dataDim = ${s}·${dataDim}`);
  }
  const statistics = Object.entries(opts.statistics ?? defaultStatistics).map(([name, t]) => {
    const obs = t(observed);
    const rep = new Float64Array(s);
    let above = 0;
    for (let i = 0; i < s; i++) {
      rep[i] = t(replicated.subarray(i * dataDim, (i + 1) * dataDim));
      above += rep[i]! > obs ? 1 : rep[i] === obs ? 0.5 : 0;
    }
    const pValue = above / s;
    return { name, observed: obs, replicated: rep, pValue, twoSidedPValue: Math.min(1, 2 * Math.min(pValue, 1 - pValue)) };
  });
  return { replicated, statistics };
}
