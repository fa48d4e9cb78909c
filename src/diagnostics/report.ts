/**
 * A compact, JSON-serialisable calibration report for a trained estimator, computed on fresh
 * simulations (θ_i, x_i) ~ p(θ) p(x | θ), reduced to the numbers worth storing in a saved
 * manifest and printing next to it. Two kinds, by what the estimator can give (`method`):
 *
 * - 'draws' (NPE, NLE, NRE, MCMC, ...): SBC, central coverage and TARP from posterior draws. One
 *   simulation run feeds all three checks.
 * - 'quantiles' (NBE): the estimator gives marginal quantiles at fixed levels and no draws, so SBC
 *   and TARP are not applicable (`sbc: null`, `tarp: null`, and `notApplicable` says why). What it
 *   can be checked on: for each level τ the share of true θ below its estimated τ-quantile (τ under
 *   calibration), and for each symmetric pair of levels (τ, 1 − τ) the coverage of that interval
 *   (1 − 2τ under calibration). Both are Binomial(N, ·)/N under calibration, hence the z-scores.
 *
 * `ok` is a screening flag, not a formal test: every SBC and TARP p-value above `pThreshold`
 * (Bonferroni-adjusted over the tests made) and every coverage / quantile share within
 * `zThreshold` binomial standard errors of its level.
 */
import {
  checkQuantileCalibrationData, simulateCalibrationData,
  type CalibrationData, type CalibrationRunOptions, type QuantileCalibrationData,
} from './calibration-data.js';
import { centralCoverage } from './coverage.js';
import { sbc } from './sbc.js';
import { tarp } from './tarp.js';

/** SBC p-values (χ² on the rank histogram, KS, ECDF bands) and the rank histogram. */
export interface SbcSummary { chiSquareP: number; ksP: number; ecdfP: number; histogram: number[] }
/** Share of true θ inside the central interval of this level; z = (coverage − level)/se. */
export interface CoverageSummary { level: number; coverage: number; z: number }
/** Share of true θ below the estimated τ-quantile (τ = `level` under calibration). */
export interface QuantileSummary { level: number; below: number; z: number }

interface ReportCommon {
  nSims: number;
  seed: number;
  /** Coverage levels checked. */
  levels: number[];
  ok: boolean;
  /** Checks that could not be made for this estimator, each with the reason (empty for 'draws'). */
  notApplicable: string[];
  /** Seconds to compute the report (simulation and posteriors included when the caller adds them). */
  seconds: number;
  /** The estimator's kind ('npe', 'nbe', ...), when made by `estimator.calibrate()`. */
  backend?: string;
}

export interface DrawsCalibrationReport extends ReportCommon {
  method: 'draws';
  nDraws: number;
  parameters: { name: string; sbc: SbcSummary; coverage: CoverageSummary[] }[];
  tarp: { area: number; pValue: number };
}

export interface QuantileCalibrationReport extends ReportCommon {
  method: 'quantiles';
  /** No draws: 0. */
  nDraws: 0;
  parameters: { name: string; sbc: null; coverage: CoverageSummary[]; quantiles: QuantileSummary[] }[];
  tarp: null;
}

export type CalibrationReport = DrawsCalibrationReport | QuantileCalibrationReport;

export interface CalibrationReportOptions {
  /** Precomputed truths and draws (e.g. from simulateCalibrationDataBatched), or ... */
  data?: CalibrationData;
  /** ... a simulator and sampler to make them (CalibrationRunOptions). */
  simulate?: CalibrationRunOptions['simulate'];
  sample?: CalibrationRunOptions['sample'];
  nSims?: number;
  nDraws?: number;
  seed: number;
  parameterNames?: string[];
  levels?: readonly number[];
  pThreshold?: number;
  zThreshold?: number;
}

const DEFAULT_REPORT_LEVELS: readonly number[] = [0.5, 0.8, 0.9, 0.95];

export function calibrationReport(opts: CalibrationReportOptions): DrawsCalibrationReport {
  const t0 = performance.now();
  const data = opts.data ?? runData(opts);
  const levels = [...(opts.levels ?? DEFAULT_REPORT_LEVELS)];
  const s = sbc(data, { seed: opts.seed });
  const cov = centralCoverage(data, { seed: opts.seed, levels });
  const t = tarp(data, { seed: opts.seed });
  const tests = 3 * data.dim + 1;
  const pMin = (opts.pThreshold ?? 0.01) / tests, zMax = opts.zThreshold ?? 3;
  const parameters = s.parameters.map((p, j) => ({
    name: opts.parameterNames?.[j] ?? `theta[${j + 1}]`,
    sbc: { chiSquareP: p.chiSquare.pValue, ksP: p.ks.pValue, ecdfP: p.ecdf.pValue, histogram: Array.from(p.histogram.counts) },
    coverage: cov.rows[j]!.map((c) => ({ level: c.level, coverage: c.coverage, z: c.z })),
  }));
  const ok = t.pValue > pMin && parameters.every((p) =>
    Math.min(p.sbc.chiSquareP, p.sbc.ksP, p.sbc.ecdfP) > pMin && p.coverage.every((c) => Math.abs(c.z) < zMax));
  return {
    method: 'draws', nSims: data.nSims, nDraws: data.nDraws, seed: opts.seed, levels, parameters,
    tarp: { area: t.area, pValue: t.pValue }, ok, notApplicable: [], seconds: (performance.now() - t0) / 1000,
  };
}

export interface QuantileReportOptions {
  data: QuantileCalibrationData;
  seed: number;
  parameterNames?: string[];
  zThreshold?: number;
  /** Why SBC/TARP cannot be made (default: the estimator gives quantiles only, no draws). */
  reason?: string;
}

/** The report of an estimator that gives marginal quantiles at fixed levels and no draws (NBE). */
export function quantileCalibrationReport(opts: QuantileReportOptions): QuantileCalibrationReport {
  const t0 = performance.now();
  const d = opts.data;
  checkQuantileCalibrationData('quantileCalibrationReport', d);
  const { nSims: n, dim, levels } = d;
  const K = levels.length;
  const zMax = opts.zThreshold ?? 3;
  const at = (level: number, hits: number) => ({ share: hits / n, z: (hits / n - level) / Math.sqrt((level * (1 - level)) / n) });
  // Symmetric pairs (τ, 1 − τ), τ < ½: central intervals of level 1 − 2τ.
  const pairs: [number, number][] = [];
  levels.forEach((lo, a) => {
    const b = levels.findIndex((hi) => Math.abs(lo + hi - 1) < 1e-9);
    if (lo < 0.5 && b > a) pairs.push([a, b]);
  });
  const q = (i: number, k: number, j: number) => d.quantiles[(i * K + k) * dim + j]!;
  const parameters = Array.from({ length: dim }, (_, j) => {
    const quantiles = levels.map((level, k) => {
      let below = 0;
      for (let i = 0; i < n; i++) if (d.truths[i * dim + j]! <= q(i, k, j)) below++;
      const r = at(level, below);
      return { level, below: r.share, z: r.z };
    });
    const coverage = pairs.map(([a, b]) => {
      const level = levels[b]! - levels[a]!;
      let inside = 0;
      for (let i = 0; i < n; i++) {
        const t = d.truths[i * dim + j]!;
        if (t > q(i, a, j) && t <= q(i, b, j)) inside++;
      }
      const r = at(level, inside);
      return { level, coverage: r.share, z: r.z };
    });
    return { name: opts.parameterNames?.[j] ?? `theta[${j + 1}]`, sbc: null, coverage, quantiles };
  });
  const ok = parameters.every((p) => p.quantiles.every((c) => Math.abs(c.z) < zMax) && p.coverage.every((c) => Math.abs(c.z) < zMax));
  const why = opts.reason ?? `the estimator gives marginal quantiles at ${levels.join(', ')} and no posterior draws`;
  return {
    method: 'quantiles', nSims: n, nDraws: 0, seed: opts.seed, levels: pairs.map(([a, b]) => levels[b]! - levels[a]!),
    parameters, tarp: null, ok,
    notApplicable: [`SBC: ${why} (ranks need draws)`, `TARP: ${why} (it needs draws)`],
    seconds: (performance.now() - t0) / 1000,
  };
}

/** A few lines for the console: verdict, then per parameter the worst p-value and the coverage. */
export function formatCalibrationReport(r: CalibrationReport): string {
  const f = (v: number, d = 3) => v.toFixed(d);
  const lines = [
    `calibration (${r.backend ? `${r.backend}, ` : ''}${r.nSims} simulations${r.method === 'draws' ? `, ${r.nDraws} draws each` : ', quantiles only'}): ${r.ok ? 'ok' : 'NOT CALIBRATED'}`,
  ];
  for (const p of r.parameters) {
    const cov = p.coverage.map((c) => `${Math.round(100 * c.level)}%: ${f(c.coverage, 2)}`).join(', ');
    const sbcPart = p.sbc ? `SBC min p ${f(Math.min(p.sbc.chiSquareP, p.sbc.ksP, p.sbc.ecdfP))}; ` : '';
    const qPart = 'quantiles' in p ? `; below quantiles ${p.quantiles.map((c) => `${c.level}: ${f(c.below, 2)}`).join(', ')}` : '';
    lines.push(`  ${p.name}: ${sbcPart}coverage ${cov || '—'}${qPart}`);
  }
  if (r.tarp) lines.push(`  TARP area ${f(r.tarp.area)}, p ${f(r.tarp.pValue)}`);
  for (const n of r.notApplicable) lines.push(`  not applicable: ${n}`);
  return lines.join('\n');
}

function runData(opts: CalibrationReportOptions): CalibrationData {
  const { simulate, sample, nSims, nDraws, seed } = opts;
  if (!simulate || !sample || !nSims || !nDraws) {
    throw new Error('calibrationReport: give either data, or simulate, sample, nSims and nDraws');
  }
  return simulateCalibrationData({ simulate, sample, nSims, nDraws, seed });
}
