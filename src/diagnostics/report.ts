/**
 * A compact, JSON-serialisable calibration report for a trained estimator: SBC, central coverage
 * and TARP on fresh simulations, reduced to the numbers worth storing in a saved manifest and
 * printing next to it. One simulation run feeds all three checks.
 *
 * `ok` is a screening flag, not a formal test: every SBC and TARP p-value above `pThreshold`
 * (Bonferroni-adjusted over the tests made) and every coverage within `zThreshold` binomial
 * standard errors of its level.
 */
import { simulateCalibrationData, type CalibrationData, type CalibrationRunOptions } from './calibration-data.js';
import { centralCoverage } from './coverage.js';
import { sbc } from './sbc.js';
import { tarp } from './tarp.js';

export interface CalibrationReport {
  nSims: number;
  nDraws: number;
  seed: number;
  parameters: {
    name: string;
    sbc: { chiSquareP: number; ksP: number; ecdfP: number; histogram: number[] };
    coverage: { level: number; coverage: number; z: number }[];
  }[];
  tarp: { area: number; pValue: number };
  ok: boolean;
  seconds: number;
}

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

export function calibrationReport(opts: CalibrationReportOptions): CalibrationReport {
  const t0 = performance.now();
  const data = opts.data ?? runData(opts);
  const s = sbc(data, { seed: opts.seed });
  const cov = centralCoverage(data, { seed: opts.seed, ...(opts.levels ? { levels: opts.levels } : {}) });
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
    nSims: data.nSims, nDraws: data.nDraws, seed: opts.seed, parameters,
    tarp: { area: t.area, pValue: t.pValue }, ok, seconds: (performance.now() - t0) / 1000,
  };
}

function runData(opts: CalibrationReportOptions): CalibrationData {
  const { simulate, sample, nSims, nDraws, seed } = opts;
  if (!simulate || !sample || !nSims || !nDraws) {
    throw new Error('calibrationReport: give either data, or simulate, sample, nSims and nDraws');
  }
  return simulateCalibrationData({ simulate, sample, nSims, nDraws, seed });
}
