/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018,
 * "Validating Bayesian inference algorithms with simulation-based calibration", arXiv 1804.06788).
 *
 * If θ̃ ~ p(θ), x̃ ~ p(x | θ̃) and θ_1..θ_L are draws from the exact posterior p(θ | x̃), then
 * the rank r = #{l : θ_l < θ̃} is uniform on {0, …, L} for every parameter. Deviations have
 * shapes that name the fault: ∩ = posterior too wide, ∪ = too narrow, slope = biased.
 * Autocorrelated (MCMC) draws should be thinned first so that L draws are ≈ independent.
 *
 * Three uniformity tests per parameter:
 * - χ² on the rank histogram (B bins of ≈ equal width over the L + 1 rank values; df = B − 1),
 * - Kolmogorov–Smirnov on the randomised fractional ranks u = (r + V)/(L + 1), V ~ U(0, 1),
 *   which are exactly U(0, 1) under the null (the jitter removes the discreteness of r),
 * - the ECDF test of Säilynoja et al. (2022) with simultaneous bands (see ecdf-bands.ts),
 *   evaluated at rank thresholds t, where P(r < t) = t/(L + 1) holds exactly.
 * The histogram, ECDF and bands come back as plot data.
 */
import { checkCalibrationData, simulateCalibrationData, type CalibrationData, type CalibrationRunOptions } from './calibration-data.js';
import { ecdfTestPValue, simultaneousEcdfBands, type EcdfBands } from './ecdf-bands.js';
import { createRng } from '../runtime/rng.js';
import { chiSquareSurvival, kolmogorovSurvival, ksUniformStatistic } from './stats.js';

export interface SbcRanks {
  /** (nSims, dim), each in 0..maxRank. */
  ranks: Int32Array;
  nSims: number;
  dim: number;
  /** L, the number of (thinned) draws per simulation: ranks run over 0..L. */
  maxRank: number;
}

export interface SbcRankOptions {
  /** Keep every thin-th draw (for autocorrelated MCMC draws). Default 1. */
  thin?: number;
  /** Seed for breaking ties at random (discrete parameters). */
  seed?: number;
}

/** Rank of each true parameter among its posterior draws, ties broken uniformly at random. */
export function sbcRanks(data: CalibrationData, opts: SbcRankOptions = {}): SbcRanks {
  checkCalibrationData('sbcRanks', data);
  const { nSims, nDraws, dim, truths, draws } = data;
  const thin = opts.thin ?? 1;
  if (!Number.isInteger(thin) || thin < 1) throw new Error(`sbcRanks: thin must be a positive integer, got ${thin}`);
  const L = Math.floor(nDraws / thin);
  if (L < 1) throw new Error(`sbcRanks: no draws left after thinning ${nDraws} draws by ${thin}`);
  const rng = createRng(opts.seed ?? 0);
  const ranks = new Int32Array(nSims * dim);
  for (let i = 0; i < nSims; i++) {
    const base = i * nDraws * dim;
    for (let j = 0; j < dim; j++) {
      const t = truths[i * dim + j]!;
      let below = 0, ties = 0;
      for (let l = 0; l < L; l++) {
        const v = draws[base + l * thin * dim + j]!;
        if (v < t) below++;
        else if (v === t) ties++;
      }
      ranks[i * dim + j] = below + (ties > 0 ? rng.int(ties + 1) : 0);
    }
  }
  return { ranks, nSims, dim, maxRank: L };
}

export interface SbcTestOptions {
  /** Histogram bins (default: about 20 expected per bin, at most 20 and at most L + 1). */
  bins?: number;
  /** ECDF evaluation points (default min(L + 1, 50) − 1 rank thresholds). */
  ecdfPoints?: number;
  /** Simultaneous band level 1 − alpha (default 0.05). */
  alpha?: number;
  /** Null simulations for the bands and the ECDF test (default 1000). */
  bandSimulations?: number;
  seed?: number;
}

export interface SbcParameterResult {
  chiSquare: { statistic: number; df: number; pValue: number };
  ks: { statistic: number; pValue: number };
  /** ECDF at bands.z, its difference from uniform, the ECDF-test p-value and how many points leave the band. */
  ecdf: { values: Float64Array; difference: Float64Array; pValue: number; outside: number };
  /** Bin b holds ranks edges[b] .. edges[b + 1] − 1. */
  histogram: { counts: Int32Array; expected: Float64Array; edges: Int32Array };
}

export interface SbcResult {
  ranks: SbcRanks;
  parameters: SbcParameterResult[];
  bands: Pick<EcdfBands, 'z' | 'lower' | 'upper' | 'alpha' | 'gamma'>;
  /** Smallest p-value over parameters and tests: a quick pass/fail number (not multiplicity-adjusted). */
  minPValue: number;
}

export function sbcTest(r: SbcRanks, opts: SbcTestOptions = {}): SbcResult {
  const { nSims: n, dim, maxRank: L, ranks } = r;
  const values = L + 1;
  const bins = Math.min(values, opts.bins ?? Math.max(2, Math.min(20, Math.floor(n / 20))));
  const edges = Int32Array.from({ length: bins + 1 }, (_, b) => Math.round((b * values) / bins));

  // ECDF at rank thresholds t_k: F̂ = #{r < t_k}/N, with P(r < t_k) = t_k/(L + 1) under the null.
  const k = Math.min(values, opts.ecdfPoints ?? 50);
  const thresholds = [...new Set(Array.from({ length: k - 1 }, (_, i) => Math.round(((i + 1) * values) / k)))]
    .filter((t) => t > 0 && t < values);
  const z = Float64Array.from(thresholds, (t) => t / values);
  const bands = simultaneousEcdfBands(n, z, {
    alpha: opts.alpha ?? 0.05,
    simulations: opts.bandSimulations ?? 1000,
    seed: opts.seed ?? 0,
  });
  const jitter = createRng((opts.seed ?? 0) + 1);

  const parameters: SbcParameterResult[] = [];
  let minPValue = 1;
  for (let j = 0; j < dim; j++) {
    const rankCounts = new Int32Array(values);
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ri = ranks[i * dim + j]!;
      rankCounts[ri]!++;
      u[i] = (ri + jitter.uniform()) / values;
    }

    const counts = new Int32Array(bins), expected = new Float64Array(bins);
    let chi2 = 0;
    for (let b = 0; b < bins; b++) {
      for (let v = edges[b]!; v < edges[b + 1]!; v++) counts[b]! += rankCounts[v]!;
      expected[b] = (n * (edges[b + 1]! - edges[b]!)) / values;
      chi2 += (counts[b]! - expected[b]!) ** 2 / expected[b]!;
    }
    const chiP = chiSquareSurvival(chi2, bins - 1);

    const d = ksUniformStatistic(u);
    const ksP = kolmogorovSurvival(d, n);

    const ecdfCounts = new Int32Array(z.length);
    const ecdfValues = new Float64Array(z.length), difference = new Float64Array(z.length);
    let below = 0, next = 0, outside = 0;
    for (let c = 0; c < z.length; c++) {
      while (next < thresholds[c]!) below += rankCounts[next++]!;
      ecdfCounts[c] = below;
      ecdfValues[c] = below / n;
      difference[c] = ecdfValues[c]! - z[c]!;
      if (ecdfValues[c]! < bands.lower[c]! || ecdfValues[c]! > bands.upper[c]!) outside++;
    }
    const ecdfP = ecdfTestPValue(bands, ecdfCounts);

    minPValue = Math.min(minPValue, chiP, ksP, ecdfP);
    parameters.push({
      chiSquare: { statistic: chi2, df: bins - 1, pValue: chiP },
      ks: { statistic: d, pValue: ksP },
      ecdf: { values: ecdfValues, difference, pValue: ecdfP, outside },
      histogram: { counts, expected, edges },
    });
  }
  const { lower, upper, alpha, gamma } = bands;
  return { ranks: r, parameters, bands: { z, lower, upper, alpha, gamma }, minPValue };
}

/** Ranks and uniformity tests from precomputed truths and draws. */
export function sbc(data: CalibrationData, opts: SbcRankOptions & SbcTestOptions = {}): SbcResult {
  return sbcTest(sbcRanks(data, opts), opts);
}

/** End to end on any backend: simulate, draw posteriors, rank, test. */
export function runSbc(opts: CalibrationRunOptions & SbcRankOptions & SbcTestOptions): SbcResult {
  return sbc(simulateCalibrationData(opts), opts);
}
