/**
 * `estimator.calibrate()`: the calibration report of a trained estimator on FRESH simulations from
 * the model it was trained on (one implementation for NPE, NBE, NLE and NRE):
 *
 *   (θ_i, x_i) ~ p(θ) p(x | θ),  i = 1..N   (non-finite pairs re-drawn)
 *   posteriors q(θ | x_i) from the estimator, in batches, each data set with its derived seed
 *
 * then, by what the posteriors hold (src/diagnostics/report.ts):
 * - draws (NPE, NLE, NRE): SBC + central coverage + TARP on `draws` draws per data set. The
 *   estimator is asked for about that many draws (its `calibrationReadout`); surplus draws are
 *   thinned evenly. NLE and NRE (MCMC read-out) run one chain per draw, so the draws are close to
 *   independent, as SBC wants.
 * - quantiles only (NBE): the share of truths below each estimated quantile and the coverage of
 *   the symmetric quantile intervals; SBC and TARP are reported as not applicable.
 *
 * Cost: N posteriors. NPE and NBE: one network pass (well under a second for the defaults). NLE and
 * NRE-by-MCMC: the ensemble sampler on N data sets × `draws` chains × (warm-up + 2) iterations,
 * seconds to a minute on a CPU (see docs/backends.md); a 1- or 2-parameter NRE reads out on a grid.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { ProgressEvent } from '../backend.js';
import type { Posterior } from '../posterior.js';
import { createRng } from '../../runtime/rng.js';
import { deriveSeed } from '../../diagnostics/seeds.js';
import {
  calibrationReport, quantileCalibrationReport, type CalibrationReport,
} from '../../diagnostics/report.js';
import type { CalibrationData } from '../../diagnostics/calibration-data.js';

export interface CalibrateOptions {
  /** Fresh simulations (data sets) to check on (default 200). */
  simulations?: number;
  /** Posterior draws per data set (default 100; ignored by estimators without draws). */
  draws?: number;
  /** Seed of the simulations and posteriors (default 1; a stream of its own, not training's). */
  seed?: number;
  /** Central coverage levels (default 0.5, 0.8, 0.9, 0.95; NBE checks its own trained levels). */
  levels?: number[];
  /** Data sets per posterior call (default all at once). */
  batchSize?: number;
  /** The model trained on: needed only when the estimator was loaded without `{ model }` and has not run yet. */
  model?: CompiledModel;
  /** SBC/TARP p-value screen (Bonferroni-adjusted) and coverage z-score screen (defaults 0.01, 3). */
  pThreshold?: number;
  zThreshold?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export const CALIBRATE_DEFAULTS = { simulations: 200, draws: 100 } as const;

/** What `calibrate` needs of an estimator: its kind and posteriors for a batch at a draw count. */
export interface CalibrationTarget {
  kind: string;
  posteriorsFor(model: CompiledModel, xs: Float64Array[], draws: number, seed: number): Promise<Posterior[]>;
}

export async function runCalibration(est: CalibrationTarget, model: CompiledModel, o: CalibrateOptions = {}): Promise<CalibrationReport> {
  const t0 = performance.now();
  const nSims = o.simulations ?? CALIBRATE_DEFAULTS.simulations;
  const nDraws = o.draws ?? CALIBRATE_DEFAULTS.draws;
  const seed = o.seed ?? 1;
  if (!(Number.isInteger(nSims) && nSims >= 10)) throw new RangeError(`calibrate: simulations must be an integer ≥ 10, got ${nSims}`);
  if (!(Number.isInteger(nDraws) && nDraws >= 1)) throw new RangeError(`calibrate: draws must be a positive integer, got ${nDraws}`);
  const { theta, x } = simulateFinite(model, nSims, deriveSeed(seed, 0));
  const D = model.dim, X = model.dataDim;
  const batch = o.batchSize ?? nSims;
  const posts: Posterior[] = [];
  for (let start = 0; start < nSims; start += batch) {
    const end = Math.min(nSims, start + batch);
    const xs = Array.from({ length: end - start }, (_, k) => x.subarray((start + k) * X, (start + k + 1) * X));
    posts.push(...await est.posteriorsFor(model, xs, nDraws, deriveSeed(seed, start + 1)));
    o.onProgress?.({ phase: 'calibrate', done: end, total: nSims, metrics: { dataSets: end } });
  }
  const names = model.params.flatMap((p) => p.elementNames);
  const common = { seed, parameterNames: names, ...(o.zThreshold !== undefined ? { zThreshold: o.zThreshold } : {}) };
  let report: CalibrationReport;
  if (posts.every((p) => p.hasDraws)) {
    const draws = new Float64Array(nSims * nDraws * D);
    posts.forEach((p, i) => {
      const d = p.draws();
      const available = d.length / D;
      if (available < nDraws) throw new Error(`calibrate: the ${est.kind} estimator gave ${available} draws for data set ${i}; asked for ${nDraws}`);
      for (let l = 0; l < nDraws; l++) {
        const row = Math.floor((l * available) / nDraws);
        draws.set(d.subarray(row * D, (row + 1) * D), (i * nDraws + l) * D);
      }
    });
    const data: CalibrationData = { truths: theta, draws, nSims, nDraws, dim: D };
    report = calibrationReport({
      data, ...common,
      ...(o.levels ? { levels: o.levels } : {}),
      ...(o.pThreshold !== undefined ? { pThreshold: o.pThreshold } : {}),
    });
  } else {
    const levels = quantileLevels(posts[0]!);
    if (levels.length === 0) throw new Error(`calibrate: the ${est.kind} estimator gives neither draws nor quantiles: nothing to calibrate`);
    const K = levels.length;
    const quantiles = new Float64Array(nSims * K * D);
    posts.forEach((p, i) => levels.forEach((l, k) => quantiles.set(p.quantile(l), (i * K + k) * D)));
    report = quantileCalibrationReport({
      data: { truths: theta, levels, quantiles, nSims, dim: D }, ...common,
      reason: `${est.kind} gives marginal quantiles at ${levels.join(', ')} and no posterior draws`,
    });
  }
  report.backend = est.kind;
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}

/** The quantile levels of a point posterior (NBE records them in attrs.levels). */
function quantileLevels(p: Posterior): number[] {
  const l = p.attrs['levels'];
  return Array.isArray(l) ? (l as number[]).filter((v) => typeof v === 'number').sort((a, b) => a - b) : [];
}

/** n joint draws with every x finite (non-finite pairs re-drawn from the same stream). */
function simulateFinite(model: CompiledModel, n: number, seed: number): { theta: Float64Array; x: Float64Array } {
  const rng = createRng(seed);
  const D = model.dim, X = model.dataDim;
  const theta = new Float64Array(n * D), x = new Float64Array(n * X);
  let have = 0;
  for (let round = 0; have < n; round++) {
    if (round >= 20) throw new Error(`calibrate: could not simulate ${n} finite data sets (${have} after 20 rounds)`);
    const m = n - have;
    const s = model.simulate(m, rng);
    for (let i = 0; i < m; i++) {
      const xi = s.x.subarray(i * X, (i + 1) * X), ti = s.theta.subarray(i * D, (i + 1) * D);
      if (!xi.every(Number.isFinite) || !ti.every(Number.isFinite)) continue;
      theta.set(ti, have * D);
      x.set(xi, have * X);
      have++;
    }
  }
  return { theta, x };
}

/**
 * Sampler settings for a calibration run of an MCMC read-out (NLE, NRE): `draws` draws from as many
 * chains (even, ≥ 8, at most the configured number), i.e. about one draw per chain after warm-up,
 * so the draws are close to independent.
 */
export function calibrationSampler(sampler: { chains?: number }, draws: number): { draws: number; chains: number } {
  const chains = Math.max(8, 2 * Math.ceil(Math.min(draws, sampler.chains ?? 1000) / 2));
  return { draws, chains };
}
