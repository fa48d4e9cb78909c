/**
 * The plain-array input shared by SBC, expected coverage and TARP, and the adapter that makes it
 * from any backend. Every backend's Posterior can be reduced to "draws for this x", so the
 * diagnostics ask for nothing more: a joint simulator (θ_i, x_i) ~ p(θ) p(x | θ) and a
 * posterior sampler x ↦ draws. Each simulation gets its own derived seed, so the whole run is
 * reproducible from one seed and independent of how a backend consumes randomness.
 */
import { deriveSeed } from './seeds.js';

/** Draws from the approximate posterior given one data set: returns (nDraws, dim) row-major. */
export type PosteriorSampler = (x: Float64Array, nDraws: number, seed: number) => Float64Array;

/** n joint draws from prior and simulator: theta (n, dim), x (n, dataDim), row-major. */
export type JointSimulator = (n: number, seed: number) => { theta: Float64Array; x: Float64Array };

/** N true parameters and, for each, S posterior draws given its simulated data. */
export interface CalibrationData {
  /** (nSims, dim) */
  truths: Float64Array;
  /** (nSims, nDraws, dim): draws for simulation i start at i·nDraws·dim. */
  draws: Float64Array;
  nSims: number;
  nDraws: number;
  dim: number;
}

export interface CalibrationRunOptions {
  simulate: JointSimulator;
  sample: PosteriorSampler;
  nSims: number;
  nDraws: number;
  seed: number;
}

/** Simulate nSims (θ, x) pairs and draw nDraws posterior samples for each x. */
export function simulateCalibrationData(opts: CalibrationRunOptions): CalibrationData {
  const { nSims, nDraws, seed } = opts;
  const { theta, x } = opts.simulate(nSims, deriveSeed(seed, 0));
  const dim = theta.length / nSims;
  const dataDim = x.length / nSims;
  if (!Number.isInteger(dim) || !Number.isInteger(dataDim) || dim < 1) {
    throw new Error(
      `simulateCalibrationData: simulate(${nSims}) returned theta of length ${theta.length} and x of length ${x.length}; expected multiples of ${nSims}`,
    );
  }
  const draws = new Float64Array(nSims * nDraws * dim);
  for (let i = 0; i < nSims; i++) {
    const xi = x.subarray(i * dataDim, (i + 1) * dataDim);
    const d = opts.sample(xi, nDraws, deriveSeed(seed, i + 1));
    if (d.length !== nDraws * dim) {
      throw new Error(`simulateCalibrationData: sample() returned ${d.length} numbers; expected nDraws·dim = ${nDraws}·${dim}`);
    }
    draws.set(d, i * nDraws * dim);
  }
  return { truths: theta, draws, nSims, nDraws, dim };
}

/**
 * Draws for many data sets at once, possibly asynchronously: the shape of `Backend.run` and
 * `infer`, where amortized estimators batch the network over all x. Wire a backend as
 * `(xs, n, seed) => backend.run(model, xs, { seed }).then((ps) => ps.map((p) => p.draws()))`.
 * Each entry is (S_i, dim) with S_i ≥ nDraws; extra draws are thinned evenly to nDraws (for MCMC
 * that thins autocorrelated chains, as SBC wants).
 */
export type BatchPosteriorSampler = (xs: Float64Array[], nDraws: number, seed: number) => Promise<Float64Array[]> | Float64Array[];

export interface BatchCalibrationRunOptions {
  simulate: JointSimulator;
  sampleBatch: BatchPosteriorSampler;
  nSims: number;
  nDraws: number;
  seed: number;
  /** Data sets per sampleBatch call (default all at once). */
  batchSize?: number;
}

export async function simulateCalibrationDataBatched(opts: BatchCalibrationRunOptions): Promise<CalibrationData> {
  const { nSims, nDraws, seed } = opts;
  const { theta, x } = opts.simulate(nSims, deriveSeed(seed, 0));
  const dim = theta.length / nSims, dataDim = x.length / nSims;
  if (!Number.isInteger(dim) || !Number.isInteger(dataDim) || dim < 1) {
    throw new Error(`simulateCalibrationDataBatched: simulate(${nSims}) returned theta of length ${theta.length} and x of length ${x.length}; expected multiples of ${nSims}`);
  }
  const draws = new Float64Array(nSims * nDraws * dim);
  const batch = opts.batchSize ?? nSims;
  for (let start = 0; start < nSims; start += batch) {
    const end = Math.min(nSims, start + batch);
    const xs = Array.from({ length: end - start }, (_, k) => x.subarray((start + k) * dataDim, (start + k + 1) * dataDim));
    const out = await opts.sampleBatch(xs, nDraws, deriveSeed(seed, start + 1));
    if (out.length !== xs.length) throw new Error(`simulateCalibrationDataBatched: sampleBatch returned ${out.length} draw sets for ${xs.length} data sets`);
    out.forEach((d, k) => {
      const available = d.length / dim;
      if (!Number.isInteger(available) || available < nDraws) {
        throw new Error(`simulateCalibrationDataBatched: data set ${start + k} got ${d.length} numbers; expected at least nDraws·dim = ${nDraws}·${dim}`);
      }
      const base = (start + k) * nDraws * dim;
      for (let l = 0; l < nDraws; l++) {
        const row = Math.floor((l * available) / nDraws);
        draws.set(d.subarray(row * dim, (row + 1) * dim), base + l * dim);
      }
    });
  }
  return { truths: theta, draws, nSims, nDraws, dim };
}

export function checkCalibrationData(fn: string, c: CalibrationData): void {
  if (c.truths.length !== c.nSims * c.dim) {
    throw new Error(`${fn}: truths has length ${c.truths.length}; expected nSims·dim = ${c.nSims}·${c.dim}`);
  }
  if (c.draws.length !== c.nSims * c.nDraws * c.dim) {
    throw new Error(`${fn}: draws has length ${c.draws.length}; expected nSims·nDraws·dim = ${c.nSims}·${c.nDraws}·${c.dim}`);
  }
}

/**
 * The input of a calibration check for estimators that give marginal quantiles at fixed levels
 * and no draws (NBE): N true parameters and, for each, the estimated quantiles given its data.
 */
export interface QuantileCalibrationData {
  /** (nSims, dim) */
  truths: Float64Array;
  /** Sorted levels in (0, 1). */
  levels: number[];
  /** (nSims, levels.length, dim): estimated quantiles of simulation i start at i·K·dim. */
  quantiles: Float64Array;
  nSims: number;
  dim: number;
}

export function checkQuantileCalibrationData(fn: string, c: QuantileCalibrationData): void {
  if (c.truths.length !== c.nSims * c.dim) {
    throw new Error(`${fn}: truths has length ${c.truths.length}; expected nSims·dim = ${c.nSims}·${c.dim}`);
  }
  if (c.quantiles.length !== c.nSims * c.levels.length * c.dim) {
    throw new Error(`${fn}: quantiles has length ${c.quantiles.length}; expected nSims·levels·dim = ${c.nSims}·${c.levels.length}·${c.dim}`);
  }
  for (const l of c.levels) if (!(l > 0 && l < 1)) throw new Error(`${fn}: quantile level ${l} must lie in (0, 1)`);
}
