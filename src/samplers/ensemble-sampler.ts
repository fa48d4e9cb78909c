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
 *
 * How long to warm up. The chains start from a resampled set (SIR), so most of them share a point
 * with others (on sbibm two_moons and slcp, 10,000 chains start on 500–1,100 distinct points), and
 * a chain that has not yet accepted a move still sits on its shared copy. Each chain carries a
 * lineage id (equal for chains on one copied point, fresh on every accepted move), so the sampler
 * knows and reports the fraction of draws that repeat another. DE moves alone disperse such clumps
 * slowly: a move of scale γ ≈ 0.25 of the posterior's spread needs many accepted moves to forget
 * its start. On slcp (NLE, observation 1) 12 DE iterations left 11 % of the draws as repeats and
 * C2ST 0.850, 40 iterations 0.1 % and 0.811–0.820; chains that had left their shared start yet
 * stayed clumped around it kept C2ST at 0.836–0.852 even with repeats under 0.5 %.
 *
 * So the default warm-up (`independence`) is: `after` DE iterations (γ adapts, stranded chains are
 * reset) to give the ensemble the posterior's shape, then a Gaussian mixture is fitted to the
 * ensemble (./mixture-proposal.ts) and every chain takes independence Metropolis–Hastings steps
 *     u' ~ q,  accepted with probability min(1, π(u') q(u) / (π(u) q(u'))),
 * until at most `maxUnmoved` of its chains have not yet jumped. An accepted jump lands on a fresh
 * draw from q, unrelated to the chain's start, so one jump per chain undoes the clumping that many
 * DE moves would. The kernel leaves π invariant for any fixed q covering it; q is fitted once from
 * the ensemble and then fixed. On two_moons q fits well (≈ 75 % acceptance; warm-up 10–12
 * iterations in all), on slcp's four narrow modes less so (≈ 40 %, then a tail of chains where q
 * is light: 24–30 iterations). The sampling phase is DE again (γ as adapted).
 *
 * Without `independence`, warm-up is a fixed `warmup` iterations of DE, or with `minWarmup` below
 * it: `minWarmup` full iterations, then, while more than `maxSharedFraction` of the target's chains
 * share their point, iterations that move only those chains (the resample–move idea of SMC). That
 * removes repeats but not clumps: on two_moons (observations 1–3) it matched the fixed 40
 * iterations (C2ST NLE 0.541 vs 0.533, NRE 0.691 vs 0.693) in half the time, on slcp it did not
 * (0.836–0.852; `minWarmup: 26` was needed to match).
 *
 * Each target ends its warm-up on its own evidence and draws from its own stream, so a data set's
 * draws do not depend on the others in its batch.
 */
import type { Rng } from '../runtime/rng.js';
import type { BatchedDraws, BatchedLogDensity } from './types.js';
import { fitMixtureProposal, type MixtureFitOptions, type MixtureProposal } from './mixture-proposal.js';

/** Independence Metropolis–Hastings moves from a Gaussian mixture fitted to the warmed-up ensemble. */
export interface IndependenceOptions {
  /** Full differential-evolution iterations before the mixture is fitted. */
  after: number;
  /**
   * The independence moves stop once at most this fraction of the target's chains has not yet
   * accepted one (default 0.05), or when the warm-up's maximum is reached.
   */
  maxUnmoved?: number;
  fit?: MixtureFitOptions;
}

export interface EnsembleOptions {
  dim: number;
  /** G targets. */
  targets: number;
  /** C chains per target (even, ≥ 8). */
  chains: number;
  /** Warm-up iterations at most. */
  warmup: number;
  /** Without `independence`: warm-up iterations at least (default `warmup`: a fixed warm-up; see above). */
  minWarmup?: number;
  /**
   * Warm-up ends (between `minWarmup` and `warmup`) once at most this fraction of each target's chains
   * share their point with another chain (default 0.005).
   */
  maxSharedFraction?: number;
  /**
   * Independence moves in the warm-up (default none): after `after` full iterations, each target's
   * chains take independence-MH steps from a mixture fitted to its ensemble until nearly all have
   * jumped once; replaces the `minWarmup` refresh.
   */
  independence?: IndependenceOptions;
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
  const { dim: d, targets: G, chains: C, warmup: maxWarmup, draws } = o;
  const minWarmup = Math.min(maxWarmup, Math.max(0, o.minWarmup ?? maxWarmup));
  const maxShared = o.maxSharedFraction ?? 0.005;
  const thin = Math.max(1, o.thin ?? 1);
  const targetAccept = o.targetAccept ?? 0.3;
  const pJump = o.jumpProbability ?? 0.1;
  if (C < 8 || C % 2 !== 0) throw new Error(`ensemble sampler: chains per target must be even and ≥ 8, got ${C}`);
  if (o.init.points.length !== G * C * d) throw new Error(`ensemble sampler: init has ${o.init.points.length} values, expected ${G * C * d}`);

  const pos = Float64Array.from(o.init.points);
  const lp = Float64Array.from(o.init.logDensity);
  const lineage = initialLineage(pos, G, C, d);
  let nextLineage = G * C;
  const logGamma = new Float64Array(G).fill(Math.log(2.38 / Math.sqrt(2 * d)));
  const half = C / 2;
  const prop = new Float64Array(G * half * d);
  const who = new Int32Array(G * half);
  // Per proposal row: 0 a DE move, 1 a DE mode jump (γ = 1), 2 an independence move.
  const moveKind = new Uint8Array(G * half);
  const chainOf = new Int32Array(G * half);
  const sd = new Float64Array(d);

  const out: Float64Array[][] = Array.from({ length: G }, () => Array.from({ length: C }, () => new Float64Array(draws * d)));
  const accepted = new Float64Array(G);
  const proposed = new Float64Array(G);
  let evaluations = 0;
  let calls = 0;
  const sampling = draws * thin;
  const total = maxWarmup + sampling;
  // Each target ends its warm-up on its own evidence, so a data set's draws do not depend on the
  // others in its batch; until then its warm-up length counts as the maximum.
  const warmupOf = new Int32Array(G).fill(maxWarmup);
  const warming = new Uint8Array(G).fill(maxWarmup > 0 ? 1 : 0);
  const active: number[] = [];
  const accThisIter = new Float64Array(G);
  const countThisIter = new Float64Array(G);
  // Independence phase: per target its proposal, each chain's log q and whether it has jumped.
  // A mixture needs points: with fewer than 8(d + 1) chains the warm-up is differential evolution only.
  const ind = o.independence && C >= 8 * (d + 1) ? o.independence : undefined;
  const indAfter = ind ? Math.min(ind.after, maxWarmup) : Infinity;
  const proposal: (MixtureProposal | null)[] = new Array<MixtureProposal | null>(G).fill(null);
  const logQ = new Float64Array(ind ? G * C : 0);
  const jumped = new Uint8Array(ind ? G * C : 0);
  const propLogQ = new Float64Array(ind ? G * half : 0);
  const row = new Float64Array(d);

  for (let t = 0; ; t++) {
    active.length = 0;
    for (let g = 0; g < G; g++) if (t < warmupOf[g]! + sampling) active.push(g);
    if (active.length === 0) break;
    accThisIter.fill(0);
    countThisIter.fill(0);
    for (let h = 0; h < 2; h++) {
      // Proposals for half h of every active target, from the other half's difference vectors.
      const self = h * half;
      const other = (1 - h) * half;
      let n = 0;
      for (const g of active) {
        const rng = o.rngs[g]!;
        const mix = proposal[g];
        if (mix) {
          // Independence moves: every chain of this half proposes a fresh draw from the mixture.
          for (let k = 0; k < half; k++) {
            const r = n++;
            mix.sample(rng, row);
            prop.set(row, r * d);
            propLogQ[r] = mix.logDensity(row);
            moveKind[r] = 2;
            who[r] = g;
            chainOf[r] = g * C + self + k;
          }
          continue;
        }
        halfSd(pos, g * C + other, half, d, sd);
        const gamma = Math.exp(logGamma[g]!);
        // Past the full warm-up iterations, only chains still on a shared point move (see above).
        const onlyShared = warming[g] === 1 && t >= minWarmup && !ind ? sharedMask(lineage, g, C) : null;
        for (let k = 0; k < half; k++) {
          const i = g * C + self + k;
          if (onlyShared && !onlyShared[self + k]) continue;
          const a = rng.int(half);
          let b = rng.int(half - 1);
          if (b >= a) b++;
          const jump = rng.uniform() < pJump;
          const gk = jump ? 1 : gamma;
          const q = n++;
          moveKind[q] = jump ? 1 : 0;
          who[q] = g;
          chainOf[q] = i;
          const ra = (g * C + other + a) * d;
          const rb = (g * C + other + b) * d;
          for (let j = 0; j < d; j++) {
            prop[q * d + j] = pos[i * d + j]! + gk * (pos[ra + j]! - pos[rb + j]!) + 1e-4 * sd[j]! * rng.normal();
          }
        }
      }
      if (n === 0) continue;
      const lpProp = o.logDensity(prop.subarray(0, n * d), who.subarray(0, n));
      evaluations += n;
      calls++;
      // Rows are grouped by target in `active` order, so each target's stream is drawn in its own order.
      for (let q = 0; q < n; q++) {
        const g = who[q]!;
        const i = chainOf[q]!;
        const independent = moveKind[q] === 2;
        // Independence MH: π(u') q(u) / (π(u) q(u')); the DE moves are symmetric given the other half.
        const delta = lpProp[q]! - lp[i]! + (independent ? logQ[i]! - propLogQ[q]! : 0);
        const accept = Number.isFinite(lpProp[q]!) && (delta >= 0 || o.rngs[g]!.uniform() < Math.exp(delta));
        if (accept) {
          pos.set(prop.subarray(q * d, (q + 1) * d), i * d);
          lp[i] = lpProp[q]!;
          lineage[i] = nextLineage++;
          if (independent) { logQ[i] = propLogQ[q]!; jumped[i] = 1; }
        }
        if (independent) continue;
        if (moveKind[q] === 0) {
          countThisIter[g]!++;
          if (accept) accThisIter[g]!++;
        }
      }
    }
    let progress = total;
    for (let g = 0; g < G; g++) {
      if (warming[g] && proposal[g]) {
        // Independence phase: done once nearly every chain has jumped (or at the warm-up's maximum).
        let unmoved = 0;
        for (let c = 0; c < C; c++) unmoved += 1 - jumped[g * C + c]!;
        if (t + 1 >= maxWarmup || unmoved / C <= (ind!.maxUnmoved ?? 0.05)) {
          warming[g] = 0;
          warmupOf[g] = t + 1;
          proposal[g] = null;
        }
        progress = Math.min(progress, t + 1);
      } else if (warming[g]) {
        const eta = 1 / Math.pow(t + 1, 0.6);
        if (countThisIter[g]! > 0) logGamma[g]! += eta * (accThisIter[g]! / countThisIter[g]! - targetAccept);
        logGamma[g] = Math.min(Math.log(4), Math.max(Math.log(1e-3), logGamma[g]!));
        const fullUntil = Math.min(ind ? indAfter : minWarmup, maxWarmup / 2);
        if (t < fullUntil && t % 5 === 4) resetStranded(pos, lp, lineage, g * C, C, d, o.rngs[g]!);
        if (ind && t + 1 === indAfter && t + 1 < maxWarmup) {
          const q = fitMixtureProposal(pos, g * C, C, d, o.rngs[g]!, ind.fit ?? {});
          proposal[g] = q;
          for (let c = 0; c < C; c++) logQ[g * C + c] = q.logDensity(pos, (g * C + c) * d);
          jumped.fill(0, g * C, (g + 1) * C);
        } else if (t + 1 >= maxWarmup || (!ind && t + 1 >= minWarmup && sharedFraction(lineage, g, C) <= maxShared)) {
          warming[g] = 0;
          warmupOf[g] = t + 1;
        }
        progress = Math.min(progress, t + 1);
      } else if (t < warmupOf[g]! + sampling) {
        accepted[g]! += accThisIter[g]!;
        proposed[g]! += countThisIter[g]!;
        const s = t - warmupOf[g]!;
        if ((s + 1) % thin === 0) {
          const k = (s + 1) / thin - 1;
          for (let c = 0; c < C; c++) out[g]![c]!.set(pos.subarray((g * C + c) * d, (g * C + c + 1) * d), k * d);
        }
        // Progress counts the warm-up as its maximum, so the total shown never changes.
        progress = Math.min(progress, maxWarmup + s + 1);
      }
    }
    o.onIteration?.(progress, total);
  }
  return {
    chains: out,
    acceptance: accepted.map((a, g) => (proposed[g]! > 0 ? a / proposed[g]! : NaN)),
    scale: logGamma.map(Math.exp),
    evaluations,
    calls,
    warmup: warmupOf,
    sharedFraction: Float64Array.from({ length: G }, (_, g) => sharedFraction(lineage, g, C)),
  };
}

/** For target g, which of its C chains (by index within the target) share their lineage id with another. */
function sharedMask(lineage: Int32Array, g: number, C: number): Uint8Array {
  const count = new Map<number, number>();
  for (let c = 0; c < C; c++) {
    const id = lineage[g * C + c]!;
    count.set(id, (count.get(id) ?? 0) + 1);
  }
  return Uint8Array.from({ length: C }, (_, c) => (count.get(lineage[g * C + c]!)! > 1 ? 1 : 0));
}

/** Lineage ids at the start: chains on bit-identical points share one. */
function initialLineage(pos: Float64Array, G: number, C: number, d: number): Int32Array {
  const lineage = new Int32Array(G * C);
  for (let g = 0; g < G; g++) {
    const seen = new Map<string, number>();
    for (let c = 0; c < C; c++) {
      const i = g * C + c;
      const key = Array.prototype.join.call(pos.subarray(i * d, (i + 1) * d), ',');
      const id = seen.get(key);
      if (id === undefined) seen.set(key, i);
      lineage[i] = id ?? i;
    }
  }
  return lineage;
}

/** The fraction of target g's chains whose lineage id another of its chains also has. */
function sharedFraction(lineage: Int32Array, g: number, C: number): number {
  return sharedMask(lineage, g, C).reduce((sum, shared) => sum + shared, 0) / C;
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

/** Warm-up only: chains with log density below Q1 − 3·IQR jump onto a random chain above the median (sharing its lineage). */
function resetStranded(pos: Float64Array, lp: Float64Array, lineage: Int32Array, first: number, count: number, d: number, rng: Rng): void {
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
    lineage[i] = lineage[src]!;
  }
}
