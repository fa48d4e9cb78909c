/**
 * Expected coverage of credible regions at several levels, with binomial standard errors
 * (the "expected coverage" check of sbi and of Hermans et al. 2022, "A Trust Crisis in
 * Simulation-Based Inference?", TMLR).
 *
 * For N simulations (θ_i, x_i) the share of true θ_i inside the level-γ credible region of
 * q(θ | x_i) estimates the expected coverage; a calibrated posterior gives γ, conservative
 * ones more, overconfident ones less. The estimate is Binomial(N, γ)/N under calibration, so
 * se = √(γ(1 − γ)/N) and z = (coverage − γ)/se measures the miss in standard errors.
 *
 * Regions:
 * - 'central' (per parameter): θ is inside the central γ interval of the draws iff its
 *   fractional rank u = (r + V)/(L + 1) satisfies |u − ½| < γ/2, with r the SBC rank and
 *   V ~ U(0, 1). The jitter makes u exactly U(0, 1) for an exact sampler, so the check has
 *   no O(1/L) discreteness bias; it is the interval between the (1−γ)/2 and (1+γ)/2 sample
 *   quantiles up to one draw.
 * - 'hpd' (joint, needs log q): HPD-by-rank; f = share of draws whose density exceeds q(θ | x).
 *   θ is inside the γ highest-density region iff f < γ (ties jittered likewise).
 */
import { checkCalibrationData, simulateCalibrationData, type CalibrationData, type CalibrationRunOptions } from './calibration-data.js';
import { createRng } from '../runtime/rng.js';
import { sbcRanks } from './sbc.js';

export const DEFAULT_LEVELS: readonly number[] = [0.5, 0.8, 0.9, 0.95];

export interface CoverageAtLevel {
  level: number;
  coverage: number;
  /** Binomial SE under calibration, √(level(1 − level)/N). */
  se: number;
  /** (coverage − level)/se: |z| > 3 is a real miss. */
  z: number;
  /** Binomial SE of the estimate itself, √(ĉ(1 − ĉ)/N), for error bars. */
  seEstimate: number;
}

export interface CoverageResult {
  levels: number[];
  nSims: number;
  /** 'central': one row per parameter; 'hpd': a single joint row. */
  rows: CoverageAtLevel[][];
  method: 'central' | 'hpd';
}

export interface CoverageOptions {
  levels?: readonly number[];
  /** Keep every thin-th draw (central only). */
  thin?: number;
  seed?: number;
}

function atLevel(level: number, hits: number, n: number): CoverageAtLevel {
  const coverage = hits / n;
  const se = Math.sqrt((level * (1 - level)) / n);
  return { level, coverage, se, z: (coverage - level) / se, seEstimate: Math.sqrt((coverage * (1 - coverage)) / n) };
}

/** Per-parameter coverage of central credible intervals. */
export function centralCoverage(data: CalibrationData, opts: CoverageOptions = {}): CoverageResult {
  const levels = [...(opts.levels ?? DEFAULT_LEVELS)];
  const seed = opts.seed ?? 0;
  const r = sbcRanks(data, { thin: opts.thin ?? 1, seed });
  const jitter = createRng(seed + 1);
  const { nSims: n, dim } = data;
  const hits = Array.from({ length: dim }, () => new Int32Array(levels.length));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      const u = (r.ranks[i * dim + j]! + jitter.uniform()) / (r.maxRank + 1);
      const distance = Math.abs(u - 0.5);
      levels.forEach((g, k) => { if (distance < g / 2) hits[j]![k]!++; });
    }
  }
  return { levels, nSims: n, method: 'central', rows: hits.map((h) => levels.map((g, k) => atLevel(g, h[k]!, n))) };
}

export interface HpdCoverageInput {
  /** log q(θ_i | x_i) for each simulation: (nSims). */
  logDensityTruth: Float64Array;
  /** log q(θ_is | x_i) for each draw: (nSims, nDraws). */
  logDensityDraws: Float64Array;
  nSims: number;
  nDraws: number;
}

/** Joint coverage of highest-density regions, from the approximate posterior's own density. */
export function hpdCoverage(input: HpdCoverageInput, opts: CoverageOptions = {}): CoverageResult {
  const { nSims: n, nDraws: s, logDensityTruth, logDensityDraws } = input;
  if (logDensityTruth.length !== n || logDensityDraws.length !== n * s) {
    throw new Error(`hpdCoverage: expected logDensityTruth of length ${n} and logDensityDraws of length ${n}·${s}; got ${logDensityTruth.length} and ${logDensityDraws.length}`);
  }
  const levels = [...(opts.levels ?? DEFAULT_LEVELS)];
  const rng = createRng(opts.seed ?? 0);
  const hits = new Int32Array(levels.length);
  for (let i = 0; i < n; i++) {
    const t = logDensityTruth[i]!;
    let above = 0, ties = 0;
    for (let l = 0; l < s; l++) {
      const v = logDensityDraws[i * s + l]!;
      if (v > t) above++;
      else if (v === t) ties++;
    }
    const f = (above + rng.uniform() * (ties + 1)) / (s + 1);
    levels.forEach((g, k) => { if (f < g) hits[k]!++; });
  }
  return { levels, nSims: n, method: 'hpd', rows: [levels.map((g, k) => atLevel(g, hits[k]!, n))] };
}

/** End to end on any backend: simulate, draw posteriors, central coverage per parameter. */
export function runCoverage(opts: CalibrationRunOptions & CoverageOptions): CoverageResult {
  const data = simulateCalibrationData(opts);
  checkCalibrationData('runCoverage', data);
  return centralCoverage(data, opts);
}
