/**
 * Adaptive random-walk Metropolis, for models without gradients.
 *
 * Proposal u' = u + √λ · L z, z ~ N(0, I), with L Lᵀ the empirical covariance of the warmup
 * draws so far (Haario, Saksman & Tamminen 2001, "An adaptive Metropolis algorithm") and the
 * global scale λ started at 2.38²/d (Roberts & Rosenthal 2001's optimal scaling for Gaussian
 * targets) and tuned by Robbins–Monro toward acceptance 0.234 (Andrieu & Thoms 2008, Alg. 4:
 * log λ += t^{−0.6} (α − 0.234)). Adaptation happens only during warmup; the sampling phase
 * is then an ordinary Metropolis chain with a fixed proposal, so it is exactly invariant.
 */
import type { Rng } from '../../runtime/rng.js';
import type { ChainProgress, ChainResult } from './chain-result.js';
import { findInitialPoint } from './init.js';
import { cholesky } from './metric.js';
import { CountingTarget, type DensityTarget } from './target.js';
import { CovarianceEstimator } from './windowed-adaptation.js';

export interface RwmChainOptions {
  warmup: number;
  draws: number;
  /** Acceptance rate the scale is tuned to (0.234 is optimal in high dimension; 0.44 for d = 1). */
  targetAccept?: number;
  /** Keep every thin-th draw (RWM mixes slowly; thinning saves memory, not information). */
  thin?: number;
  initPoint?: Float64Array;
  initRadius?: number;
  onProgress?: (p: ChainProgress) => void;
  progressEvery?: number;
}

export function runRwmChain(inner: DensityTarget, opts: RwmChainOptions, rng: Rng): ChainResult {
  const target = new CountingTarget(inner);
  const d = target.dim;
  const thin = Math.max(1, Math.floor(opts.thin ?? 1));
  const goal = opts.targetAccept ?? (d === 1 ? 0.44 : 0.234);
  const u = findInitialPoint(target, rng, { radius: opts.initRadius ?? 2, useGradient: false, ...(opts.initPoint ? { point: opts.initPoint } : {}) });
  let lp = target.logDensity(u);
  const prop = new Float64Array(d);
  const z = new Float64Array(d);
  let L: Float64Array = new Float64Array(d * d);
  for (let i = 0; i < d; i++) L[i * d + i] = 0.1; // small isotropic start until the covariance is estimated
  let logLambda = Math.log((2.38 * 2.38) / d);
  const cov = new CovarianceEstimator(d);
  const every = opts.progressEvery ?? 100;
  const adaptStart = Math.floor(0.1 * opts.warmup);

  const step = (): number => {
    const s = Math.exp(0.5 * logLambda);
    for (let i = 0; i < d; i++) z[i] = rng.normal();
    for (let i = 0; i < d; i++) {
      let v = 0;
      for (let k = 0; k <= i; k++) v += L[i * d + k]! * z[k]!;
      prop[i] = u[i]! + s * v;
    }
    const lpProp = target.logDensity(prop);
    const logAlpha = lpProp - lp;
    const alpha = Number.isNaN(logAlpha) ? 0 : Math.min(1, Math.exp(logAlpha));
    if (rng.uniform() < alpha) {
      u.set(prop);
      lp = lpProp;
    }
    return alpha;
  };

  const t0 = performance.now();
  for (let it = 0; it < opts.warmup; it++) {
    const alpha = step();
    logLambda += Math.pow(it + 1, -0.6) * (alpha - goal);
    if (it >= adaptStart) cov.add(u);
    // Refresh the proposal shape every 50 iterations once the estimate has some support.
    if ((it + 1) % 50 === 0 && cov.count() > 2 * d + 10) {
      const c = cov.covariance()!;
      for (let i = 0; i < d; i++) c[i * d + i] = c[i * d + i]! + 1e-8; // keep it positive definite
      try {
        L = cholesky(c, d);
      } catch {
        // a degenerate estimate (chain stuck): keep the previous shape
      }
    }
    if (opts.onProgress && (it + 1) % every === 0) opts.onProgress({ phase: 'warmup', done: it + 1, total: opts.warmup });
  }
  const t1 = performance.now();
  const n = opts.draws;
  const draws = new Float64Array(n * d);
  const lps = new Float64Array(n);
  const acc = new Float64Array(n);
  for (let it = 0; it < n; it++) {
    let a = 0;
    for (let t = 0; t < thin; t++) a += step();
    draws.set(u, it * d);
    lps[it] = lp;
    acc[it] = a / thin;
    if (opts.onProgress && (it + 1) % every === 0) opts.onProgress({ phase: 'sample', done: it + 1, total: n });
  }
  const t2 = performance.now();
  const lambda = Math.exp(logLambda);
  const scaled = new Float64Array(d * d);
  // Report the proposal covariance λ L Lᵀ.
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let v = 0;
    for (let k = 0; k < d; k++) v += L[i * d + k]! * L[j * d + k]!;
    scaled[i * d + j] = lambda * v;
  }
  return {
    draws, numDraws: n, dim: d, lp: lps, acceptStat: acc, invMetric: scaled,
    gradEvals: target.gradEvals, densityEvals: target.densityEvals,
    warmupSeconds: (t1 - t0) / 1000, sampleSeconds: (t2 - t1) / 1000,
  };
}
