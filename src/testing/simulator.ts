/**
 * "The simulator agrees with the density."
 *
 * Distributions: draws' mean and variance within z standard errors of the exact moments (where
 * they exist), and a χ² goodness-of-fit test whose cell probabilities come from the density itself.
 *
 * Compiled models: a CompiledModel exposes densities and a simulator but not its priors' closed
 * forms, so the check uses identities that hold for ANY correct model and need nothing else:
 *
 * 1. Prior score (Stein) identities in the unconstrained space. logPrior(u) is the log density of
 *    u (it includes log|J|), so for u drawn by `simulate`, integration by parts gives
 *      E[∂_i log p(u)] = 0   and   E[u_i ∂_i log p(u)] = -1.
 *    The first catches a shifted prior, the second a mis-scaled one (or a missing log|J|).
 * 2. Likelihood score (first Bartlett identity): for each θ, E_{x ~ p(x|θ)}[∇_u log p(x|u)] = 0,
 *    hence also over the joint draw. ∇_u log p(x|u) = logJointGrad - logPriorGrad. This ties the
 *    simulator to the likelihood for every parameter the likelihood depends on, discrete data included.
 * 3. Data score identities for continuous data with a density: with w vanishing on the support's
 *    finite bounds (x - lower, upper - x, (x - a)(b - x); on the real line |x' - x''| and x - x',
 *    where x', x'' are independent re-simulations from the same θ by simulateData),
 *      E[w ∂_{x_j} log p(x|u) + ∂w/∂x_j] = 0,
 *    with ∂_{x_j} taken by central differences of logLikelihood. This catches a simulator whose
 *    noise scale differs from the likelihood's even when no parameter controls that scale; the
 *    re-simulations centre and scale the real-line weights so the statistics have O(1) variance.
 * Each statistic is a sample mean compared with its own standard error; the threshold is
 * Bonferroni-corrected over all statistics (family-wise false-alarm rate `alpha`).
 * 4. Optional exact prior moments per parameter element, when the user knows them.
 */
import type { CompiledModel } from '../lang/compiled-model.js';
import type { ScalarDistribution, Support, VectorDistribution } from '../runtime/distributions/types.js';
import { createRng } from '../runtime/rng.js';
import { normalQuantile } from '../runtime/special.js';
import { distanceToBound, unconstrainedNames } from './gradient.js';
import { fail, fmt, pass, type CheckResult } from './result.js';
import { continuousGoodnessOfFit, discreteGoodnessOfFit, momentZScores, sampleMoments } from './statistics.js';

export interface DistributionSimulatorOptions {
  draws?: number; // default 20 000
  seed?: number | string; // default 1
  /** Moment tolerance in standard errors. Default 5. */
  z?: number;
  /** χ² rejection level. Default 1e-5. */
  alpha?: number;
  /** χ² cells for continuous laws. Default 25. */
  bins?: number;
}

/** Moments (when finite) and χ² goodness of fit for a scalar distribution's sampler. */
export function checkScalarSimulator(dist: ScalarDistribution, args: readonly number[], options: DistributionSimulatorOptions = {}): CheckResult {
  const { draws = 20_000, seed = 1, z = 5, alpha = 1e-5, bins = 25 } = options;
  const [a = 0, b = 0, c = 0] = args;
  const name = `${dist.name}(${args.map(fmt).join(', ')})`;
  const rng = createRng(seed);
  const xs = new Float64Array(draws);
  for (let i = 0; i < draws; i++) xs[i] = dist.sample(rng, a, b, c);
  const pilot = new Float64Array(Math.max(2000, bins * 100));
  for (let i = 0; i < pilot.length; i++) pilot[i] = dist.sample(rng, a, b, c);
  const problems: string[] = [];
  const mean = dist.mean(a, b, c);
  const variance = dist.variance(a, b, c);
  const m = sampleMoments(xs);
  if (Number.isFinite(mean) && Number.isFinite(variance)) {
    const { zMean, zVar } = momentZScores(m, mean, variance);
    if (!(Math.abs(zMean) <= z)) problems.push(`mean ${fmt(m.mean)} vs exact ${fmt(mean)} (${fmt(zMean)} standard errors)`);
    if (!(Math.abs(zVar) <= z)) problems.push(`variance ${fmt(m.variance)} vs exact ${fmt(variance)} (${fmt(zVar)} standard errors)`);
  }
  const logDensity = (x: number): number => dist.logDensity(x, a, b, c);
  const gof = dist.discrete ? discreteGoodnessOfFit(logDensity, xs, pilot) : continuousGoodnessOfFit(logDensity, xs, pilot, bins);
  if (!(gof.pValue >= alpha)) {
    problems.push(`χ² goodness of fit: statistic ${fmt(gof.statistic)} on ${gof.df} df, p = ${gof.pValue.toExponential(2)} < ${alpha}`);
  }
  if (problems.length > 0) return fail(`${name}: sampler disagrees with the density (${draws} draws, seed ${seed}):\n  ${problems.join('\n  ')}`);
  return pass(`${name}: mean ${fmt(m.mean)}, variance ${fmt(m.variance)}, χ² p = ${gof.pValue.toPrecision(3)}`);
}

export interface VectorSimulatorOptions extends DistributionSimulatorOptions {
  /** Exact mean and variance of each coordinate, when known. */
  mean?: ArrayLike<number>;
  variance?: ArrayLike<number>;
}

/**
 * A vector distribution's sampler: per-coordinate moments (if given); for a discrete law with one
 * integer per event (categorical), χ² against exp(logDensity); for a continuous law on R^k, the
 * Stein identities E[∂_j log p] = 0 and E[x_j ∂_j log p] = -1 through logDensityGrad.
 */
export function checkVectorSimulator(dist: VectorDistribution, args: readonly Float64Array[], k: number, options: VectorSimulatorOptions = {}): CheckResult {
  const { draws = 20_000, seed = 1, z = 5, alpha = 1e-5 } = options;
  const rng = createRng(seed);
  const a = args as Float64Array[];
  const xs = new Float64Array(draws * k);
  const one = new Float64Array(k);
  for (let i = 0; i < draws; i++) {
    dist.sample(rng, a, k, one);
    xs.set(one, i * k);
  }
  const problems: string[] = [];
  for (let j = 0; j < k; j++) {
    const m = sampleMoments(xs, k, j, draws);
    if (options.mean && options.variance) {
      const { zMean, zVar } = momentZScores(m, options.mean[j]!, options.variance[j]!);
      if (!(Math.abs(zMean) <= z)) problems.push(`coordinate ${j + 1}: mean ${fmt(m.mean)} vs ${fmt(options.mean[j]!)} (${fmt(zMean)} SE)`);
      if (!(Math.abs(zVar) <= z)) problems.push(`coordinate ${j + 1}: variance ${fmt(m.variance)} vs ${fmt(options.variance[j]!)} (${fmt(zVar)} SE)`);
    }
  }
  if (dist.discrete && k === 1) {
    const pilot = new Float64Array(5000);
    for (let i = 0; i < pilot.length; i++) (dist.sample(rng, a, k, one), (pilot[i] = one[0]!));
    const gof = discreteGoodnessOfFit((v) => ((one[0] = v), dist.logDensity(one, a, k)), xs, pilot);
    if (!(gof.pValue >= alpha)) problems.push(`χ²: statistic ${fmt(gof.statistic)} on ${gof.df} df, p = ${gof.pValue.toExponential(2)}`);
  } else if (!dist.discrete && dist.support().kind === 'real') {
    const gx = new Float64Array(k);
    const gargs = a.map((v) => new Float64Array(v.length));
    const s0 = new Float64Array(draws * k);
    const s1 = new Float64Array(draws * k);
    for (let i = 0; i < draws; i++) {
      const x = xs.subarray(i * k, (i + 1) * k);
      gx.fill(0);
      dist.logDensityGrad(x, a, k, gx, gargs);
      for (let j = 0; j < k; j++) (s0[i * k + j] = gx[j]!), (s1[i * k + j] = x[j]! * gx[j]! + 1);
    }
    for (let j = 0; j < k; j++) {
      for (const [label, s] of [['E[∂ log p]', s0], ['E[x ∂ log p] + 1', s1]] as const) {
        const m = sampleMoments(s, k, j, draws);
        const zs = m.mean / Math.sqrt(m.variance / draws);
        if (!(Math.abs(zs) <= z)) problems.push(`coordinate ${j + 1}: ${label} = ${fmt(m.mean)} (${fmt(zs)} SE from 0)`);
      }
    }
  }
  if (problems.length > 0) return fail(`${dist.name}: sampler disagrees with the density (${draws} draws, seed ${seed}):\n  ${problems.join('\n  ')}`);
  return pass(`${dist.name}: sampler agrees with the density`);
}

export interface ModelSimulatorOptions {
  draws?: number; // default 4000
  seed?: number | string;
  /** Family-wise false-alarm rate over all statistics. Default 1e-4. */
  alpha?: number;
  /** Exact prior moments by element name ('mu', 'theta[2]'), checked when given. */
  priorMoments?: Record<string, { mean: number; variance: number }>;
  /**
   * Check the data-score identities on at most this many data coordinates (evenly spaced over the
   * data vector). Each costs two likelihood evaluations per draw, so a 256-cell field with a dense
   * covariance wants a handful, not all. Default: every coordinate.
   */
  dataCoordinates?: number;
}

interface Statistic {
  label: string;
  values: Float64Array;
  /** Values are compared against this expectation. */
  expected: number;
}

/** The identities in the header, on `draws` joint draws from model.simulate. */
export function checkModelSimulator(model: CompiledModel, options: ModelSimulatorOptions = {}): CheckResult {
  const { draws = 4000, seed = 1, alpha = 1e-4, priorMoments = {}, dataCoordinates = Infinity } = options;
  const d = model.unconstrainedDim;
  const sim = model.simulate(draws, createRng(seed));
  const problems: string[] = [];

  // θ must be the image of u.
  const theta = new Float64Array(model.dim);
  for (let i = 0; i < Math.min(draws, 20); i++) {
    model.fromUnconstrained(sim.u.subarray(i * d, (i + 1) * d), theta);
    for (let j = 0; j < model.dim; j++) {
      const t = sim.theta[i * model.dim + j]!;
      if (!(Math.abs(theta[j]! - t) <= 1e-9 * Math.max(1, Math.abs(t)))) {
        problems.push(`draw ${i}: θ[${j}] = ${fmt(t)} but fromUnconstrained(u) gives ${fmt(theta[j]!)}`);
        break;
      }
    }
  }

  const names = unconstrainedNames(model);
  const stats: Statistic[] = [];
  const mk = (label: string, expected: number): Statistic => {
    const s = { label, values: new Float64Array(draws), expected };
    stats.push(s);
    return s;
  };
  const priorScore = names.map((n) => mk(`E[∂ log prior / ∂${n}]`, 0));
  const priorScaled = names.map((n) => mk(`E[${n} · ∂ log prior / ∂${n}]`, -1));
  const likScore = model.hasLikelihood ? names.map((n) => mk(`E[∂ log likelihood / ∂${n}]`, 0)) : [];
  // Two independent re-simulations per draw, for the centring/scaling of the real-line data weights.
  const resimRng = createRng(`${seed}/resimulate`);
  const needResim = model.hasLikelihood && model.data.some((v) => v.hasDensity && v.elem === 'real' && v.support.kind === 'real');
  const resim1 = needResim ? model.simulateData(sim.theta, draws, resimRng) : new Float64Array(draws * model.dataDim);
  const resim2 = needResim ? model.simulateData(sim.theta, draws, resimRng) : resim1;
  const dataChecks = model.hasLikelihood ? dataScoreChecks(model, mk, resim1, resim2, dataCoordinates) : [];
  const momentStats: { name: string; index: number; mean: number; variance: number }[] = [];
  for (const v of model.params) {
    v.elementNames.forEach((el, i) => {
      const pm = priorMoments[el];
      if (pm) momentStats.push({ name: el, index: v.offset + i, ...pm });
    });
  }

  const gp = new Float64Array(d);
  const gj = new Float64Array(d);
  for (let i = 0; i < draws; i++) {
    const u = sim.u.subarray(i * d, (i + 1) * d);
    const x = sim.x.subarray(i * model.dataDim, (i + 1) * model.dataDim);
    const lp = model.logPriorGrad(u, gp);
    if (!Number.isFinite(lp)) {
      problems.push(`draw ${i}: logPrior(u) = ${lp} at a point simulate() produced`);
      break;
    }
    for (let j = 0; j < d; j++) {
      priorScore[j]!.values[i] = gp[j]!;
      priorScaled[j]!.values[i] = u[j]! * gp[j]!;
    }
    if (model.hasLikelihood) {
      const lj = model.logJointGrad(u, x, gj);
      if (!Number.isFinite(lj)) {
        problems.push(`draw ${i}: logJoint(u, x) = ${lj} at a pair simulate() produced`);
        break;
      }
      for (let j = 0; j < d; j++) likScore[j]!.values[i] = gj[j]! - gp[j]!;
      for (const dc of dataChecks) dc.fill(i, u, x);
    }
  }
  if (problems.length > 0) return fail(`simulator check (seed ${seed}):\n  ${problems.join('\n  ')}`);

  const m = stats.length + 2 * momentStats.length;
  const zCrit = normalQuantile(1 - alpha / (2 * Math.max(1, m)));
  for (const s of stats) {
    const mo = sampleMoments(s.values);
    const se = Math.sqrt(mo.variance / draws);
    const zs = (mo.mean - s.expected) / se;
    // A statistic that is constant (e.g. a flat prior's score) has se = 0: then it must be exact.
    const bad = se > 0 ? !(Math.abs(zs) <= zCrit) : !(Math.abs(mo.mean - s.expected) <= 1e-8 * Math.max(1, Math.abs(s.expected)));
    if (bad) problems.push(`${s.label} = ${fmt(mo.mean)}, expected ${s.expected} (${fmt(zs)} standard errors)`);
  }
  for (const ms of momentStats) {
    const mo = sampleMoments(sim.theta, model.dim, ms.index, draws);
    const { zMean, zVar } = momentZScores(mo, ms.mean, ms.variance);
    if (!(Math.abs(zMean) <= zCrit)) problems.push(`${ms.name}: prior mean ${fmt(mo.mean)} vs ${fmt(ms.mean)} (${fmt(zMean)} SE)`);
    if (!(Math.abs(zVar) <= zCrit)) problems.push(`${ms.name}: prior variance ${fmt(mo.variance)} vs ${fmt(ms.variance)} (${fmt(zVar)} SE)`);
  }
  if (problems.length > 0) {
    return fail(`simulate() disagrees with the model's densities (${draws} draws, seed ${seed}, threshold ${fmt(zCrit)} SE):\n  ${problems.join('\n  ')}`);
  }
  return pass(`simulate() agrees with the densities on ${m} statistics (${draws} draws, threshold ${fmt(zCrit)} SE)`);
}

/**
 * A Stein weight: given x_j and two independent re-simulations x'_j, x''_j of the same coordinate
 * (same θ, so independent of x_j given u), returns [w, ∂w/∂x_j]. w may depend on x', x'' because
 * the integration by parts is over x_j alone; that is what lets the real-line weights be centred
 * and scaled per draw (x - x', |x' - x''|) so the statistics have O(1) variance whatever θ is.
 */
type SteinWeight = (x: number, x1: number, x2: number) => [number, number];

/** Weights vanishing on the support's finite bounds, or null where the identity does not apply. */
function steinWeights(support: Support): SteinWeight[] | null {
  switch (support.kind) {
    case 'real':
      return [(_x, x1, x2) => [Math.abs(x1 - x2), 0], (x, x1) => [x - x1, 1]];
    case 'positive':
      return [(x) => [x, 1]];
    case 'lower':
      return [(x) => [x - support.lower, 1]];
    case 'upper':
      return [(x) => [support.upper - x, -1]];
    case 'unit':
      return [(x) => [x * (1 - x), 1 - 2 * x]];
    case 'interval': {
      const { lower: a, upper: b } = support;
      const w2 = (b - a) * (b - a);
      return [(x) => [((x - a) * (b - x)) / w2, (a + b - 2 * x) / w2]];
    }
    default:
      return null;
  }
}

interface DataCheck {
  fill(i: number, u: Float64Array, x: Float64Array): void;
}

function dataScoreChecks(
  model: CompiledModel,
  mk: (label: string, expected: number) => Statistic,
  resim1: Float64Array,
  resim2: Float64Array,
  maxCoordinates: number,
): DataCheck[] {
  const checks: DataCheck[] = [];
  const xWork = new Float64Array(model.dataDim);
  const D = model.dataDim;
  const eligible: { v: CompiledModel['data'][number]; weights: SteinWeight[]; el: string; j: number }[] = [];
  for (const v of model.data) {
    if (!v.hasDensity || v.elem !== 'real') continue;
    const weights = steinWeights(v.support);
    if (!weights) continue;
    v.elementNames.forEach((el, e) => eligible.push({ v, weights, el, j: v.offset + e }));
  }
  const keep = Math.min(eligible.length, Math.max(1, Math.floor(maxCoordinates)));
  const chosen = keep === eligible.length ? eligible : Array.from({ length: keep }, (_, k) => eligible[Math.floor(((k + 0.5) * eligible.length) / keep)]!);
  for (const { v, weights, el, j } of chosen) {
    const stats = weights.map((_, w) => mk(`E[w·∂ log p / ∂${el} + w'] (weight ${w + 1})`, 0));
    checks.push({
      fill(i, u, x) {
        xWork.set(x);
        const x0 = x[j]!;
        const h = 1e-5 * Math.max(1, Math.abs(x0)) * Math.min(1, 0.1 * distanceToBound(v.support, x0));
        xWork[j] = x0 + h;
        const up = model.logLikelihood(u, xWork);
        xWork[j] = x0 - h;
        const down = model.logLikelihood(u, xWork);
        const score = (up - down) / (2 * h);
        weights.forEach((weight, k) => {
          const [w, dw] = weight(x0, resim1[i * D + j]!, resim2[i * D + j]!);
          stats[k]!.values[i] = w * score + dw;
        });
      },
    });
  }
  return checks;
}
