/**
 * Training sets for amortized backends: N simulated pairs (u_θ, x) from prior and simulator.
 *
 *   θ_i ~ p(θ),  x_i ~ p(x | θ_i)   (latents drawn and discarded: marginalised by simulation)
 *   u_θ,i = g⁻¹(θ_i)                (the param block of u, where networks learn)
 *
 * Simulated in chunks (progress events, phase 'simulate'). Faults are data: a simulation that
 * THROWS (a TypeScript simulator's exception, a NaN it returns, which the compiled model refuses)
 * or gives a NaN/±Inf anywhere is dropped and counted; the first few failing θ and messages are
 * kept (`faults`) for the training record and summary. Training stops with a
 * NonFiniteSimulationError only when more than `maxNonFiniteFraction` (default 0.5: half the
 * budget) fail. A chunk that throws is simulated again row by row from the same stream, so the
 * rows that work are kept and the run stays deterministic in the seed.
 *
 * Dropping is not free of bias: the network learns p(θ | x, simulation succeeded). Where failures
 * depend on θ, the posterior is conditioned on the region where the simulator works; the record
 * shows where it failed.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { ProgressEvent } from '../backend.js';
import { createRng } from '../../runtime/rng.js';
import { dropNonFinite, NonFiniteSimulationError, type TrainArrays } from '../../nn/index.js';
import { ParamBlock } from './param-block.js';

export interface TrainingSet {
  /** Pairs kept. */
  n: number;
  /** (n, P) param block of u, row-major. */
  u: Float64Array;
  /** (n, dim) constrained θ. */
  theta: Float64Array;
  /** (n, dataDim) flattened x. */
  x: Float64Array;
  /** Pairs dropped (thrown or non-finite), of `total` simulated. */
  dropped: number;
  total: number;
  /** What failed: counts by kind and the first few failing θ with the message. */
  faults?: SimulationFaults;
  seconds: number;
}

/** The faults of a training set's simulations (kept in the training record). */
export interface SimulationFaults {
  /** Simulations that threw. */
  threw: number;
  /** Simulations that returned NaN or ±Inf somewhere. */
  nonFinite: number;
  /** The first MAX_FAULT_EXAMPLES failures: constrained θ and what went wrong. */
  examples: { theta: number[]; message: string }[];
}

/** Failures kept as examples in the record. */
export const MAX_FAULT_EXAMPLES = 5;
/** Default largest fraction of failed simulations before training refuses (half the budget). */
export const DEFAULT_MAX_FAULT_FRACTION = 0.5;

export interface SimulateOptions {
  seed?: number | string;
  onProgress?: (event: ProgressEvent) => void;
  /** Largest tolerated fraction of failed (thrown or non-finite) simulations (default 0.5). */
  maxNonFiniteFraction?: number;
  /** Simulations per chunk between progress events (default 2,000). */
  chunk?: number;
}

/** Simulate `n` pairs from `model` (deterministic in `seed`). */
export function simulateTrainingSet(model: CompiledModel, n: number, opts: SimulateOptions = {}): TrainingSet {
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`simulations must be an integer ≥ 2, got ${n}`);
  const t0 = performance.now();
  const block = new ParamBlock(model);
  const rng = createRng(opts.seed ?? 1);
  const chunk = Math.max(1, opts.chunk ?? 2000);
  const P = block.dim;
  const u = new Float64Array(n * P);
  const theta = new Float64Array(n * model.dim);
  const x = new Float64Array(n * model.dataDim);
  const ok = new Uint8Array(n).fill(1);
  const faults: SimulationFaults = { threw: 0, nonFinite: 0, examples: [] };
  const maxFraction = opts.maxNonFiniteFraction ?? DEFAULT_MAX_FAULT_FRACTION;
  const put = (s: { theta: Float64Array; x: Float64Array; u: Float64Array }, m: number, at: number): void => {
    u.set(block.sliceRows(s.u, m), at * P);
    theta.set(s.theta, at * model.dim);
    x.set(s.x, at * model.dataDim);
  };
  for (let done = 0; done < n;) {
    const m = Math.min(chunk, n - done);
    try {
      put(model.simulate(m, rng), m, done);
    } catch {
      // Some row threw: simulate this chunk again one row at a time, keeping the rows that work.
      for (let i = 0; i < m; i++) {
        try {
          put(model.simulate(1, rng), 1, done + i);
        } catch (err) {
          ok[done + i] = 0;
          faults.threw++;
          if (faults.examples.length < MAX_FAULT_EXAMPLES) {
            const th = (err as { theta?: number[] }).theta;
            faults.examples.push({ theta: th ?? [], message: err instanceof Error ? err.message : String(err) });
          }
        }
      }
      if (faults.threw > maxFraction * n) throw tooMany(faults, done + m, maxFraction);
    }
    done += m;
    opts.onProgress?.({ phase: 'simulate', done, total: n, metrics: { simsPerSec: done / ((performance.now() - t0) / 1000) } });
  }
  // Non-finite values in rows that did not throw: recorded with their θ, then dropped with the thrown ones.
  const D = model.dataDim;
  for (let i = 0; i < n; i++) {
    if (!ok[i]) continue;
    let bad = false;
    for (let j = 0; j < D && !bad; j++) if (!Number.isFinite(x[i * D + j]!)) bad = true;
    for (let j = 0; j < P && !bad; j++) if (!Number.isFinite(u[i * P + j]!)) bad = true;
    if (!bad) continue;
    ok[i] = 0;
    faults.nonFinite++;
    if (faults.examples.length < MAX_FAULT_EXAMPLES) {
      faults.examples.push({ theta: Array.from(theta.subarray(i * model.dim, (i + 1) * model.dim)), message: 'the simulation returned NaN or an infinite value' });
    }
  }
  const failed = faults.threw + faults.nonFinite;
  if (failed > maxFraction * n) throw tooMany(faults, n, maxFraction);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (ok[i]) keep.push(i);
  const rows = (a: Float64Array, w: number): Float64Array => {
    if (keep.length === n) return a;
    const out = new Float64Array(keep.length * w);
    keep.forEach((r, k) => out.set(a.subarray(r * w, (r + 1) * w), k * w));
    return out;
  };
  // The engine's check stays as a backstop (θ itself non-finite, say).
  const arrays: TrainArrays = {
    u: { data: rows(u, P), shape: [P] },
    theta: { data: rows(theta, model.dim), shape: [model.dim] },
    x: { data: rows(x, D), shape: [D] },
  };
  const r = dropNonFinite(arrays, 1);
  const out: TrainingSet = {
    n: r.total - r.dropped,
    u: r.arrays['u']!.data as Float64Array,
    theta: r.arrays['theta']!.data as Float64Array,
    x: r.arrays['x']!.data as Float64Array,
    dropped: failed + r.dropped,
    total: n,
    seconds: (performance.now() - t0) / 1000,
  };
  if (failed > 0) out.faults = faults;
  return out;
}

/** The error past the fraction: how many failed, of how many tried, and the first failing θ. */
function tooMany(f: SimulationFaults, tried: number, maxFraction: number): NonFiniteSimulationError {
  const e = new NonFiniteSimulationError(f.threw + f.nonFinite, tried, maxFraction, ['x']);
  const first = f.examples.slice(0, 3).map((x) => `θ = [${x.theta.map((v) => +v.toPrecision(4)).join(', ')}]: ${x.message}`).join('; ');
  e.message = `${f.threw + f.nonFinite} of ${tried} simulations failed (${f.threw} threw, ${f.nonFinite} gave NaN or ±Inf), ` +
    `more than the allowed ${(100 * maxFraction).toFixed(0)}%; first failures: ${first}. Check the simulator and the prior for values that overflow, divide by zero or throw`;
  return e;
}
