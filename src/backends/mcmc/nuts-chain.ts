/**
 * One NUTS chain with Stan's adaptive warmup: init → init_stepsize → warmup iterations with
 * dual-averaging step size and windowed metric adaptation (re-running the step-size heuristic
 * and restarting dual averaging with μ = log(10 ε) at each window end) → sampling with the
 * adapted ε = exp(x̄) and metric held fixed.
 */
import type { Rng } from '../../runtime/rng.js';
import type { ChainProgress, ChainResult } from './chain-result.js';
import { findInitialPoint } from './init.js';
import { DenseMetric, DiagMetric, type Metric } from './metric.js';
import { NutsTransition } from './nuts-transition.js';
import { PhasePoint, evaluate } from './phase-point.js';
import { DualAveraging, initStepSize } from './step-size.js';
import { CountingTarget, type DensityTarget } from './target.js';
import { CovarianceEstimator, VarianceEstimator, WindowSchedule } from './windowed-adaptation.js';

export interface NutsChainOptions {
  warmup: number;
  draws: number;
  targetAccept: number;
  maxTreeDepth: number;
  metric: 'diag' | 'dense';
  /** Unconstrained initial point, or the radius of the uniform jitter. */
  initPoint?: Float64Array;
  initRadius?: number;
  /** Called every `progressEvery` iterations. */
  onProgress?: (p: ChainProgress) => void;
  progressEvery?: number;
}

export function runNutsChain(inner: DensityTarget, opts: NutsChainOptions, rng: Rng): ChainResult {
  const target = new CountingTarget(inner);
  const d = target.dim;
  const u0 = findInitialPoint(target, rng, { radius: opts.initRadius ?? 2, ...(opts.initPoint ? { point: opts.initPoint } : {}) });
  const state = new PhasePoint(d);
  state.q.set(u0);
  evaluate(target, state);

  let metric: Metric = opts.metric === 'dense' ? DenseMetric.unit(d) : DiagMetric.unit(d);
  const sampler = new NutsTransition(target, metric, rng, opts.maxTreeDepth);
  const adapt = new DualAveraging(opts.targetAccept);
  let eps = initStepSize(target, metric, rng, state, 1);
  adapt.mu = Math.log(10 * eps);
  const schedule = new WindowSchedule(opts.warmup);
  const varEst = opts.metric === 'dense' ? new CovarianceEstimator(d) : new VarianceEstimator(d);
  const every = opts.progressEvery ?? 100;

  const t0 = performance.now();
  for (let it = 0; it < opts.warmup; it++) {
    const s = sampler.transition(state, eps);
    eps = adapt.learn(s.acceptStat);
    const updated = schedule.step(() => varEst.add(state.q));
    if (updated) {
      const inv = varEst.regularised();
      if (!inv.every(Number.isFinite)) throw new Error('metric adaptation produced non-finite variances');
      metric = opts.metric === 'dense' ? new DenseMetric(inv, d) : new DiagMetric(inv);
      sampler.metric = metric;
      eps = initStepSize(target, metric, rng, state, eps);
      adapt.mu = Math.log(10 * eps);
      adapt.restart();
    }
    if (opts.onProgress && (it + 1) % every === 0) opts.onProgress({ phase: 'warmup', done: it + 1, total: opts.warmup, stepSize: eps });
  }
  if (opts.warmup > 0) eps = adapt.final();
  const t1 = performance.now();

  const n = opts.draws;
  const draws = new Float64Array(n * d);
  const lp = new Float64Array(n);
  const acceptStat = new Float64Array(n);
  const treeDepth = new Float64Array(n);
  const nLeapfrog = new Float64Array(n);
  const divergent = new Float64Array(n);
  const energy = new Float64Array(n);
  for (let it = 0; it < n; it++) {
    const s = sampler.transition(state, eps);
    draws.set(state.q, it * d);
    lp[it] = state.lp;
    acceptStat[it] = s.acceptStat;
    treeDepth[it] = s.treeDepth;
    nLeapfrog[it] = s.nLeapfrog;
    divergent[it] = s.divergent ? 1 : 0;
    energy[it] = s.energy;
    if (opts.onProgress && (it + 1) % every === 0) opts.onProgress({ phase: 'sample', done: it + 1, total: n, stepSize: eps });
  }
  const t2 = performance.now();
  return {
    draws, numDraws: n, dim: d, lp, acceptStat,
    stepSize: new Float64Array(n).fill(eps), treeDepth, nLeapfrog, divergent, energy,
    adaptedStepSize: eps, invMetric: metric.inverse(),
    gradEvals: target.gradEvals, densityEvals: target.densityEvals,
    warmupSeconds: (t1 - t0) / 1000, sampleSeconds: (t2 - t1) / 1000,
  };
}
