/**
 * The sampler NLE and NRE call: prior × learned likelihood (or ratio) for G data sets at once.
 * SIR from the prior to start (./sir-init.ts), then the batched differential-evolution ensemble
 * (./ensemble-sampler.ts), then two checks per coordinate:
 * - drift: each chain's mean over the second half of its kept draws minus the first half's; the C
 *   differences are independent across chains, so their mean over its standard error is ≈ N(0, 1)
 *   once the ensemble is stationary, however short the chains. |z| > 4 means warm-up was too short.
 * - R̂ over superchains (the C chains concatenated into 4 groups): classic R̂ on hundreds of
 *   10-draw chains is inflated by within-chain autocorrelation alone (≈ 1.15 on a Gaussian the
 *   sampler gets right), while groups of chains compare like long chains do.
 * The Posterior is given the same 4 superchains, so its R̂ and ESS read as for long chains.
 */
import type { Rng } from '../runtime/rng.js';
import { rhat } from '../diagnostics/mcmc/index.js';
import { runEnsemble, type IndependenceOptions } from './ensemble-sampler.js';
import { sirInit } from './sir-init.js';
import type { BatchedLogDensity } from './types.js';

export interface BatchedSamplerOptions {
  /** Draws per data set (default 10,000), spread evenly over the chains. */
  draws?: number;
  /**
   * Chains per data set (even, ≥ 8). Default: one chain per draw (each chain keeps its last state),
   * so no two draws are repeats of one chain's state. With 1000 chains × 10 kept states (thin 2)
   * about half the 10,000 draws were exact repeats (a rejected move keeps the state; acceptance is
   * ≈ 0.3 in 10-D): on gaussian_linear with the EXACT likelihood the draws had the right mean and
   * sd but C2ST 0.72, since the C2ST classifier recognises repeated points across folds. One
   * chain per draw: C2ST 0.49 there, and NLE (10,000 simulations, observation 1) 0.75 → 0.55.
   * Cost: 10,000 network rows per iteration instead of 1000 (warm-up + 2 iterations in all).
   * The drift check needs ≥ 2 draws per chain and is skipped (NaN) with one.
   */
  chains?: number;
  /** Warm-up iterations at most (default 40; the default warm-up is adaptive, see `independence`). */
  warmup?: number;
  /**
   * With `independence: false`: warm-up iterations at least (default `warmup`: fixed). Below
   * `warmup`, warm-up ends once at most `maxSharedFraction` of the chains still share their SIR
   * start with another chain, moving only those chains after `minWarmup` full iterations (see
   * ./ensemble-sampler.ts for why this is not the default). The draws' `repeatedDraws` attribute
   * and a warning say when draws repeat.
   */
  minWarmup?: number;
  /** See `minWarmup` (default 0.005). */
  maxSharedFraction?: number;
  /**
   * Independence moves from a Gaussian mixture fitted to the ensemble, in the warm-up (see
   * ./ensemble-sampler.ts). Default `SAMPLER_INDEPENDENCE`; `false` for a differential-evolution-only
   * warm-up of `warmup` iterations.
   */
  independence?: IndependenceOptions | false;
  /** Iterations between kept draws (default 2). */
  thin?: number;
  /** Prior candidates per chain for the SIR start (default 4: on slcp 10 gave the same C2ST, 0.820 vs 0.811, at 60,000 more network rows). */
  candidatesPerChain?: number;
  /** Acceptance rate the warm-up aims for (default 0.3). */
  targetAccept?: number;
  /** Superchain R̂ above this gives a warning (default 1.05). */
  rhatThreshold?: number;
  /** Drift |z| above this gives a warning (default 4). */
  driftThreshold?: number;
}

export interface LearnedTarget {
  /** d, the parameter block's unconstrained dimension. */
  dim: number;
  /** G data sets. */
  targets: number;
  samplePrior: (rng: Rng, out: Float64Array) => void;
  logPrior: (u: Float64Array) => number;
  /** log prior + learned log likelihood (or log ratio), batched. */
  logDensity: BatchedLogDensity;
}

export interface TargetDraws {
  /** One (drawsPerChain, d) array per chain, u-space. */
  chains: Float64Array[];
  /** The chains concatenated into 4 superchains, each (C/4 · drawsPerChain, d). */
  superchains: Float64Array[];
  /** Max R̂ over coordinates, on the superchains. */
  rhat: number;
  /** Max |z| over coordinates of the drift check. */
  drift: number;
  acceptance: number;
  /** Warm-up iterations this target ran. */
  warmup: number;
  /** Fraction of the chains whose final point another chain shares (repeated draws). */
  sharedFraction: number;
  warnings: string[];
}

export interface BatchedSampleResult {
  perTarget: TargetDraws[];
  /** Rows evaluated and network calls made (all targets together). */
  evaluations: number;
  calls: number;
  seconds: number;
}

export function sampleLearnedPosterior(target: LearnedTarget, rngs: Rng[], o: BatchedSamplerOptions = {}, onIteration?: (done: number, total: number) => void): BatchedSampleResult {
  const t0 = performance.now();
  const total = o.draws ?? 10_000;
  const chains = o.chains ?? defaultChains(total);
  const perChain = Math.max(1, Math.ceil(total / chains));
  const threshold = o.rhatThreshold ?? 1.05;
  const driftThreshold = o.driftThreshold ?? 4;
  const maxWarmup = o.warmup ?? 40;
  const init = sirInit({
    dim: target.dim,
    targets: target.targets,
    chains,
    candidatesPerChain: o.candidatesPerChain ?? 4,
    samplePrior: target.samplePrior,
    logPrior: target.logPrior,
    logDensity: target.logDensity,
    rngs,
  });
  const result = runEnsemble({
    dim: target.dim,
    targets: target.targets,
    chains,
    warmup: maxWarmup,
    minWarmup: Math.min(maxWarmup, o.minWarmup ?? maxWarmup),
    ...(o.maxSharedFraction !== undefined ? { maxSharedFraction: o.maxSharedFraction } : {}),
    ...(o.independence !== false ? { independence: o.independence ?? SAMPLER_INDEPENDENCE } : {}),
    draws: perChain,
    thin: o.thin ?? 2,
    ...(o.targetAccept !== undefined ? { targetAccept: o.targetAccept } : {}),
    init,
    logDensity: target.logDensity,
    rngs,
    ...(onIteration ? { onIteration } : {}),
  });
  const perTarget = result.chains.map((cs, g): TargetDraws => {
    const superchains = groupChains(cs, 4);
    const r = maxRhat(superchains, target.dim);
    const z = maxDrift(cs, target.dim);
    const warnings: string[] = [];
    if (r > threshold) {
      warnings.push(`R-hat across the sampler's chain groups is ${r.toFixed(3)} (> ${threshold}): the chains disagree; raise warmup or thin`);
    }
    if (z > driftThreshold) {
      warnings.push(`the sampler's ensemble was still moving while drawing (drift z = ${z.toFixed(1)}): raise warmup`);
    }
    const shared = result.sharedFraction[g]!;
    if (shared > 0.02) {
      warnings.push(`${(100 * shared).toFixed(1)}% of the draws repeat another draw (chains that never moved off a shared start): raise warmup`);
    }
    const acc = result.acceptance[g]!;
    if (acc < 0.05) warnings.push(`the sampler accepted only ${(100 * acc).toFixed(1)}% of its moves: draws are strongly correlated`);
    return { chains: cs, superchains, rhat: r, drift: z, acceptance: acc, warmup: result.warmup[g]!, sharedFraction: shared, warnings };
  });
  return { perTarget, evaluations: result.evaluations + init.evaluations, calls: result.calls + 1, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The default warm-up: 8 differential-evolution iterations, then independence moves from a
 * 16-component mixture (covariances widened 1.5×) until at most 5 % of the chains have not jumped
 * (the mixture's and the independence phase's own defaults).
 */
export const SAMPLER_INDEPENDENCE: IndependenceOptions = { after: 8 };

/** One chain per draw (even, ≥ 8): see BatchedSamplerOptions.chains. */
export function defaultChains(draws: number): number {
  return Math.max(8, 2 * Math.ceil(draws / 2));
}

/** Largest R̂ over coordinates (NaN-free: a constant coordinate counts as 1). */
export function maxRhat(chains: Float64Array[], d: number): number {
  const n = chains[0]!.length / d;
  if (n < 4) return NaN;
  let worst = 1;
  for (let j = 0; j < d; j++) {
    const per = chains.map((c) => {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = c[i * d + j]!;
      return v;
    });
    const r = rhat(per);
    if (Number.isFinite(r)) worst = Math.max(worst, r);
  }
  return worst;
}

/**
 * Largest |z| over coordinates of the between-halves drift: per chain, mean of its second half of
 * draws minus mean of its first half; z = mean of those C differences / their standard error.
 */
export function maxDrift(chains: Float64Array[], d: number): number {
  const n = chains[0]!.length / d;
  if (n < 2) return NaN;
  const h = Math.floor(n / 2);
  let worst = 0;
  for (let j = 0; j < d; j++) {
    const diff = chains.map((c) => {
      let a = 0, b = 0;
      for (let i = 0; i < h; i++) a += c[i * d + j]!;
      for (let i = n - h; i < n; i++) b += c[i * d + j]!;
      return (b - a) / h;
    });
    const m = diff.reduce((s, v) => s + v, 0) / diff.length;
    const v = diff.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, diff.length - 1);
    if (v > 0) worst = Math.max(worst, Math.abs(m) / Math.sqrt(v / diff.length));
  }
  return worst;
}

/** k groups of consecutive chains, each concatenated (chain-major). */
export function groupChains(chains: Float64Array[], k: number): Float64Array[] {
  const groups = Math.min(k, chains.length);
  const per = Math.floor(chains.length / groups);
  return Array.from({ length: groups }, (_, g) => pooled(chains.slice(g * per, (g + 1) * per)));
}

/** Concatenate the chains of one target into one (n, d) array (chain-major). */
export function pooled(chains: Float64Array[]): Float64Array {
  const out = new Float64Array(chains.reduce((s, c) => s + c.length, 0));
  let k = 0;
  for (const c of chains) { out.set(c, k); k += c.length; }
  return out;
}
