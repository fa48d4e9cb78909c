/**
 * Training sets for amortized backends: N simulated pairs (u_θ, x) from prior and simulator.
 *
 *   θ_i ~ p(θ),  x_i ~ p(x | θ_i)   (latents drawn and discarded: marginalised by simulation)
 *   u_θ,i = g⁻¹(θ_i)                (the param block of u, where networks learn)
 *
 * Simulated in chunks (progress events, phase 'simulate'); pairs with a NaN or ±Inf anywhere are
 * dropped and counted through the engine's `dropNonFinite` (NonFiniteSimulationError past
 * `maxNonFiniteFraction`).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { ProgressEvent } from '../backend.js';
import { createRng } from '../../runtime/rng.js';
import { dropNonFinite, type TrainArrays } from '../../nn/index.js';
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
  /** Pairs dropped as non-finite, of `total` simulated. */
  dropped: number;
  total: number;
  seconds: number;
}

export interface SimulateOptions {
  seed?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Largest tolerated fraction of non-finite simulations (default 0.2). */
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
  for (let done = 0; done < n;) {
    const m = Math.min(chunk, n - done);
    const s = model.simulate(m, rng);
    u.set(block.sliceRows(s.u, m), done * P);
    theta.set(s.theta, done * model.dim);
    x.set(s.x, done * model.dataDim);
    done += m;
    opts.onProgress?.({ phase: 'simulate', done, total: n, metrics: { simsPerSec: done / ((performance.now() - t0) / 1000) } });
  }
  const arrays: TrainArrays = {
    u: { data: u, shape: [P] },
    theta: { data: theta, shape: [model.dim] },
    x: { data: x, shape: [model.dataDim] },
  };
  const r = dropNonFinite(arrays, opts.maxNonFiniteFraction ?? 0.2);
  return {
    n: r.total - r.dropped,
    u: r.arrays['u']!.data as Float64Array,
    theta: r.arrays['theta']!.data as Float64Array,
    x: r.arrays['x']!.data as Float64Array,
    dropped: r.dropped,
    total: r.total,
    seconds: (performance.now() - t0) / 1000,
  };
}
