/**
 * Differential-evolution ensemble MCMC, batched over chains and targets.
 *
 * Target: π_g(u) ∝ exp(logDensity(u, g)) for each of G targets (data sets), C chains each.
 * Move (ter Braak 2006, DE-MC): for chain i, pick two distinct chains a, b of the OTHER half of the
 * same target's ensemble and propose
 *     u' = u_i + γ (u_a − u_b) + ε,   ε ~ N(0, (10⁻⁴ s)²),  s = that half's per-coordinate sd,
 * accepted with probability min(1, π(u') / π(u_i)). The proposal is symmetric given the other
 * half, and the other half is held fixed while this half moves (the red–black split emcee uses),
 * so each half-step leaves π^{C/2} invariant. Difference vectors of the ensemble follow the
 * posterior's own scale and correlation, so no covariance has to be adapted; γ = 1 with
 * probability `jumpProbability` proposes the jump between modes (u_a, u_b in different modes).
 *
 * Why this and not NUTS: a learned density is a network, and in tfjs each call costs a fixed
 * overhead far larger than the arithmetic of a 2–10-dimensional point. Moving all C·G chains
 * with ONE call per half-step amortises that overhead; gradients are not needed.
 *
 * Warm-up adapts log γ per target toward `targetAccept` (Robbins–Monro, step (t+1)^−0.6) and, in
 * its first half, moves chains stranded far below the ensemble (log density under Q1 − 3·IQR) onto
 * a random chain above the median. Both stop after warm-up, so the sampling phase is a fixed kernel.
 */
import type { Rng } from '../../runtime/rng.js';
import type { BatchedDraws, BatchedLogDensity } from './types.js';

export interface EnsembleOptions {
  dim: number;
  /** G targets. */
  targets: number;
  /** C chains per target (even, ≥ 8). */
  chains: number;
  warmup: number;
  /** Draws kept per chain. */
  draws: number;
  /** Keep every `thin`-th state (default 1). */
  thin?: number;
  /** Acceptance rate the warm-up aims for (default 0.3). */
  targetAccept?: number;
  /** Probability of a γ = 1 mode-jump proposal (default 0.1). */
  jumpProbability?: number;
  /** Starting points (G·C, d), target-major, and their log densities (G·C). */
  init: { points: Float64Array; logDensity: Float64Array };
  logDensity: BatchedLogDensity;
  /** One stream per target. */
  rngs: Rng[];
  /** Called after every iteration (warm-up and sampling). */
  onIteration?: (done: number, total: number) => void;
}

export function runEnsemble(o: EnsembleOptions): BatchedDraws {
  const { dim: d, targets: G, chains: C, warmup, draws } = o;
  const thin = Math.max(1, o.thin ?? 1);
  const targetAccept = o.targetAccept ?? 0.3;
  const pJump = o.jumpProbability ?? 0.1;
  if (C < 8 || C % 2 !== 0) throw new Error(`ensemble sampler: chains per target must be even and ≥ 8, got ${C}`);
  if (o.init.points.length !== G * C * d) throw new Error(`ensemble sampler: init has ${o.init.points.length} values, expected ${G * C * d}`);

  const pos = Float64Array.from(o.init.points);
  const lp = Float64Array.from(o.init.logDensity);
  const logGamma = new Float64Array(G).fill(Math.log(2.38 / Math.sqrt(2 * d)));
  const half = C / 2;
  const n = G * half;
  const prop = new Float64Array(n * d);
  const who = new Int32Array(n);
  const isJump = new Uint8Array(n);
  const sd = new Float64Array(d);
  for (let g = 0; g < G; g++) who.fill(g, g * half, (g + 1) * half);

  const out: Float64Array[][] = Array.from({ length: G }, () => Array.from({ length: C }, () => new Float64Array(draws * d)));
  const accepted = new Float64Array(G);
  const proposed = new Float64Array(G);
  let evaluations = 0;
  let calls = 0;
  const total = warmup + draws * thin;

  for (let t = 0; t < total; t++) {
    const warming = t < warmup;
    const accThisIter = new Float64Array(G);
    const countThisIter = new Float64Array(G);
    for (let h = 0; h < 2; h++) {
      // Proposals for half h of every target, from the other half's difference vectors.
      const self = h * half;
      const other = (1 - h) * half;
      for (let g = 0; g < G; g++) {
        const rng = o.rngs[g]!;
        halfSd(pos, g * C + other, half, d, sd);
        const gamma = Math.exp(logGamma[g]!);
        for (let k = 0; k < half; k++) {
          const i = g * C + self + k;
          const a = rng.int(half);
          let b = rng.int(half - 1);
          if (b >= a) b++;
          const jump = rng.uniform() < pJump;
          const gk = jump ? 1 : gamma;
          isJump[g * half + k] = jump ? 1 : 0;
          const ra = (g * C + other + a) * d;
          const rb = (g * C + other + b) * d;
          const r = (g * half + k) * d;
          for (let j = 0; j < d; j++) {
            prop[r + j] = pos[i * d + j]! + gk * (pos[ra + j]! - pos[rb + j]!) + 1e-4 * sd[j]! * rng.normal();
          }
        }
      }
      const lpProp = o.logDensity(prop, who);
      evaluations += n;
      calls++;
      for (let g = 0; g < G; g++) {
        const rng = o.rngs[g]!;
        for (let k = 0; k < half; k++) {
          const i = g * C + self + k;
          const q = g * half + k;
          const delta = lpProp[q]! - lp[i]!;
          const accept = Number.isFinite(lpProp[q]!) && (delta >= 0 || rng.uniform() < Math.exp(delta));
          if (accept) {
            pos.set(prop.subarray(q * d, (q + 1) * d), i * d);
            lp[i] = lpProp[q]!;
          }
          if (!isJump[q]) {
            countThisIter[g]!++;
            if (accept) accThisIter[g]!++;
          }
        }
      }
    }
    if (warming) {
      const eta = 1 / Math.pow(t + 1, 0.6);
      for (let g = 0; g < G; g++) {
        if (countThisIter[g]! > 0) logGamma[g]! += eta * (accThisIter[g]! / countThisIter[g]! - targetAccept);
        logGamma[g] = Math.min(Math.log(4), Math.max(Math.log(1e-3), logGamma[g]!));
      }
      if (t < warmup / 2 && t % 5 === 4) for (let g = 0; g < G; g++) resetStranded(pos, lp, g * C, C, d, o.rngs[g]!);
    } else {
      for (let g = 0; g < G; g++) { accepted[g]! += accThisIter[g]!; proposed[g]! += countThisIter[g]!; }
      const s = t - warmup;
      if ((s + 1) % thin === 0) {
        const k = (s + 1) / thin - 1;
        for (let g = 0; g < G; g++) for (let c = 0; c < C; c++) out[g]![c]!.set(pos.subarray((g * C + c) * d, (g * C + c + 1) * d), k * d);
      }
    }
    o.onIteration?.(t + 1, total);
  }
  return {
    chains: out,
    acceptance: accepted.map((a, g) => (proposed[g]! > 0 ? a / proposed[g]! : NaN)),
    scale: logGamma.map(Math.exp),
    evaluations,
    calls,
  };
}

/** Per-coordinate sd of `count` rows starting at `first` (floored so a collapsed half still moves). */
function halfSd(pos: Float64Array, first: number, count: number, d: number, sd: Float64Array): void {
  for (let j = 0; j < d; j++) {
    let m = 0;
    let m2 = 0;
    for (let k = 0; k < count; k++) {
      const v = pos[(first + k) * d + j]!;
      const delta = v - m;
      m += delta / (k + 1);
      m2 += delta * (v - m);
    }
    sd[j] = Math.max(Math.sqrt(m2 / Math.max(1, count - 1)), 1e-3);
  }
}

/** Warm-up only: chains with log density below Q1 − 3·IQR jump onto a random chain above the median. */
function resetStranded(pos: Float64Array, lp: Float64Array, first: number, count: number, d: number, rng: Rng): void {
  const sorted = Float64Array.from(lp.subarray(first, first + count)).map((v) => (Number.isFinite(v) ? v : -1e300)).sort();
  const q1 = sorted[Math.floor(0.25 * (count - 1))]!;
  const q3 = sorted[Math.floor(0.75 * (count - 1))]!;
  const median = sorted[Math.floor(0.5 * (count - 1))]!;
  const floor = q1 - 3 * Math.max(q3 - q1, 1e-9);
  const good: number[] = [];
  for (let c = 0; c < count; c++) if (lp[first + c]! >= median) good.push(first + c);
  for (let c = 0; c < count; c++) {
    const i = first + c;
    if (Number.isFinite(lp[i]!) && lp[i]! >= floor) continue;
    const src = good[rng.int(good.length)]!;
    pos.copyWithin(i * d, src * d, (src + 1) * d);
    lp[i] = lp[src]!;
  }
}
