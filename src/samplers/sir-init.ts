/**
 * Starting points by sampling–importance–resampling from the prior: draw K·C prior points per
 * target, weight each by target density / prior density (for NLE/NRE: the learned likelihood or
 * ratio), and keep C of them by systematic resampling. The chains then start roughly in the
 * posterior's typical set, so warm-up only has to spread duplicates, not find the mass.
 */
import type { Rng } from '../runtime/rng.js';
import type { BatchedLogDensity } from './types.js';

export interface SirInitOptions {
  dim: number;
  /** G targets. */
  targets: number;
  /** C chains per target. */
  chains: number;
  /** K prior candidates per chain (default 10). */
  candidatesPerChain?: number;
  /** One prior draw in u-space into `out` (d). */
  samplePrior: (rng: Rng, out: Float64Array) => void;
  /** log prior density at u (d), in the same u-space (with log|det J|). */
  logPrior: (u: Float64Array) => number;
  /** The target log density (prior included). */
  logDensity: BatchedLogDensity;
  /** One stream per target, so a target's start does not depend on the others. */
  rngs: Rng[];
}

/** A uniformly random permutation of 0 … n − 1 (Fisher–Yates). */
function shuffled(n: number, rng: Rng): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/**
 * @returns points (G·C, d), target-major (target g owns rows g·C … g·C + C − 1), and their log densities (G·C).
 */
export function sirInit(o: SirInitOptions): { points: Float64Array; logDensity: Float64Array; evaluations: number } {
  const { dim: d, targets: G, chains: C } = o;
  const K = Math.max(1, o.candidatesPerChain ?? 10);
  const M = K * C;
  const cand = new Float64Array(G * M * d);
  const who = new Int32Array(G * M);
  const logPrior = new Float64Array(G * M);
  const row = new Float64Array(d);
  for (let g = 0; g < G; g++) {
    for (let m = 0; m < M; m++) {
      o.samplePrior(o.rngs[g]!, row);
      cand.set(row, (g * M + m) * d);
      who[g * M + m] = g;
      logPrior[g * M + m] = o.logPrior(row);
    }
  }
  const lp = o.logDensity(cand, who);
  const points = new Float64Array(G * C * d);
  const pointLp = new Float64Array(G * C);
  const w = new Float64Array(M);
  for (let g = 0; g < G; g++) {
    let peak = -Infinity;
    for (let m = 0; m < M; m++) {
      const lw = lp[g * M + m]! - logPrior[g * M + m]!;
      w[m] = Number.isFinite(lw) ? lw : -Infinity;
      peak = Math.max(peak, w[m]!);
    }
    let total = 0;
    for (let m = 0; m < M; m++) {
      w[m] = Number.isFinite(peak) ? Math.exp(w[m]! - peak) : 1; // no finite weight at all: uniform
      total += w[m]!;
    }
    // Systematic resampling: one uniform, C evenly spaced pointers into the cumulative weights.
    const step = total / C;
    let pointer = o.rngs[g]!.uniform() * step;
    let cum = w[0]!;
    let m = 0;
    // Systematic resampling puts copies of a heavy candidate on consecutive chains; a random
    // chain order spreads them over the sampler's two halves and the reported chain groups.
    const order = shuffled(C, o.rngs[g]!);
    for (let c = 0; c < C; c++, pointer += step) {
      while (cum < pointer && m < M - 1) cum += w[++m]!;
      const slot = g * C + order[c]!;
      points.set(cand.subarray((g * M + m) * d, (g * M + m + 1) * d), slot * d);
      pointLp[slot] = lp[g * M + m]!;
    }
  }
  return { points, logDensity: pointLp, evaluations: G * M };
}
