/**
 * What NUTS and RWM share as backends: refuse models without a likelihood, seed the chains,
 * run them (workers or sequential), explain init failures, turn u-draws into θ-draws, collect
 * sampler statistics and warnings into a `Posterior`.
 *
 * Seeding: the run's stream is createRng(seed); data set k gets its own child when there are
 * several; chain c gets splitN(chains)[c] of that. Its serialised state goes to whichever thread
 * runs the chain, so the same seed gives the same draws with and without workers.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import { InferenceError } from '../../lang/errors.js';
import { type Rng, createRng } from '../../runtime/rng.js';
import type { Backend, ProgressEvent, RunOptions } from '../backend.js';
import { Posterior } from '../posterior.js';
import type { ChainResult } from './chain-result.js';
import type { ChainTask, SamplerSpec } from './chain-task.js';
import { InitFailure } from './init.js';
import { runChains } from './parallel.js';
import { convergenceWarnings, nutsWarnings } from './sampler-diagnostics.js';
import { type McmcModel, modelTarget } from './target.js';

export interface CommonSamplerOptions {
  chains?: number;
  warmup?: number;
  draws?: number;
  seed?: number;
  /** Radius of the uniform init in unconstrained space (default 2), or constrained values by param name. */
  init?: number | Record<string, number | number[]>;
  /**
   * Worker threads for the chains (needs a portable density). true (default): when the run is
   * long enough to repay starting them (estimated sequential time > 1 s); 'always': whenever
   * possible; false: never. Draws are identical either way.
   */
  workers?: boolean | 'always';
  /** URL of the module exporting instantiatePortableDensity (tests only). */
  instantiateUrl?: string;
}

export function refuseWithoutLikelihood(model: McmcModel, kind: string): void {
  if (!model.hasLikelihood) {
    throw new InferenceError(
      `${kind} needs the likelihood p(x | θ), but this model has none: ${model.noLikelihoodReason ?? 'a data node has no density'}. ` +
        `Use a simulation-based backend instead: npe(), nle(), nre() or nbe().`,
    );
  }
}

/** Explain why no finite initial point exists: which term (prior, likelihood, gradient) fails and for which params. */
export function describeInitFailure(model: McmcModel, x: Float64Array, u: Float64Array, base: string): string {
  const bad: string[] = [];
  let prior = NaN;
  let lik = NaN;
  try { prior = model.logPrior(u); } catch (e) { bad.push(`logPrior threw: ${(e as Error).message}`); }
  try { lik = model.logLikelihood(u, x); } catch (e) { bad.push(`logLikelihood threw: ${(e as Error).message}`); }
  if (!Number.isFinite(prior)) bad.push(`the log prior (incl. Jacobians) is ${prior}`);
  if (!Number.isFinite(lik)) bad.push(`the log likelihood is ${lik}`);
  if (bad.length === 0) {
    const grad = new Float64Array(model.unconstrainedDim);
    model.logJointGrad(u, x, grad);
    const names: string[] = [];
    for (const p of model.params) {
      for (let i = 0; i < p.unconstrainedSize; i++) if (!Number.isFinite(grad[p.unconstrainedOffset + i]!)) names.push(p.name);
    }
    bad.push(`the gradient is not finite${names.length ? ` for ${[...new Set(names)].join(', ')}` : ''}`);
  }
  return `${base}; at the last point tried ${bad.join(' and ')}. Check the data against the model's supports, or give init values.`;
}

function initPoint(model: McmcModel & Partial<Pick<CompiledModel, 'toUnconstrained'>>, init: CommonSamplerOptions['init']): { initPoint?: Float64Array; initRadius?: number } {
  if (init === undefined) return {};
  if (typeof init === 'number') return { initRadius: init };
  if (!model.toUnconstrained) throw new InferenceError('init values need a compiled model (toUnconstrained)');
  const theta = new Float64Array(model.dim);
  for (const p of model.params) {
    const v = init[p.name];
    if (v === undefined) throw new InferenceError(`init: no value for '${p.name}' (give every param, or a number for the jitter radius)`);
    const arr = typeof v === 'number' ? [v] : v;
    if (arr.length !== p.size) throw new InferenceError(`init: '${p.name}' needs ${p.size} values, got ${arr.length}`);
    theta.set(arr, p.offset);
  }
  return { initPoint: model.toUnconstrained(theta) };
}

export function samplerBackend(
  kind: 'nuts' | 'rwm',
  common: CommonSamplerOptions,
  spec: (chainDefaults: { warmup: number; draws: number }) => SamplerSpec,
  extraAttrs: Record<string, unknown>,
): Backend {
  const chains = common.chains ?? 4;
  const warmup = common.warmup ?? 1000;
  const draws = common.draws ?? 1000;
  if (!(Number.isInteger(chains) && chains >= 1)) throw new InferenceError(`${kind}: chains must be a positive integer, got ${chains}`);
  if (!(Number.isInteger(warmup) && warmup >= 0)) throw new InferenceError(`${kind}: warmup must be a non-negative integer, got ${warmup}`);
  if (!(Number.isInteger(draws) && draws >= 1)) throw new InferenceError(`${kind}: draws must be a positive integer, got ${draws}`);
  return {
    kind,
    async run(model: CompiledModel, xs: Float64Array[], options: RunOptions): Promise<Posterior[]> {
      refuseWithoutLikelihood(model, kind);
      const seed = common.seed ?? options.seed ?? Math.floor(Math.random() * 2 ** 31);
      const base = createRng(seed);
      const perData: Rng[] = xs.length === 1 ? [base] : base.splitN(xs.length);
      const baseSpec = spec({ warmup, draws });
      const init = initPoint(model, common.init);
      const sampler: SamplerSpec = { ...baseSpec, options: { ...baseSpec.options, ...init } } as SamplerSpec;
      const out: Posterior[] = [];
      for (let k = 0; k < xs.length; k++) {
        const x = xs[k]!;
        const tasks: ChainTask[] = perData[k]!.splitN(chains).map((r, c) => ({ chain: c, spec: sampler, rngState: r.serialize() }));
        const useWorkers = common.workers === 'always' || (common.workers !== false && worthWorkers(model, x, chains * (warmup + draws)));
        const portable = useWorkers ? model.portableDensity() : null;
        const started = performance.now();
        const done = new Array(chains).fill(0);
        const total = chains * (warmup + draws);
        const report = options.onProgress
          ? (c: number, p: { phase: 'warmup' | 'sample'; done: number; stepSize?: number }) => {
              done[c] = p.phase === 'warmup' ? p.done : warmup + p.done;
              const sum = done.reduce((a, b) => a + b, 0);
              const elapsed = (performance.now() - started) / 1000;
              const event: ProgressEvent = {
                phase: p.phase,
                done: sum,
                total,
                etaSeconds: (elapsed / sum) * (total - sum),
                metrics: { chain: c + 1, ...(p.stepSize !== undefined ? { stepSize: p.stepSize } : {}) },
              };
              options.onProgress!(event);
            }
          : undefined;
        let results: ChainResult[];
        try {
          results = await runChains(tasks, {
            target: modelTarget(model, x),
            density: portable ? { portable, x } : null,
            workers: useWorkers,
            ...(common.instantiateUrl ? { instantiateUrl: common.instantiateUrl } : {}),
            ...(report ? { onProgress: report } : {}),
          });
        } catch (e) {
          if (e instanceof InitFailure) throw new InferenceError(describeInitFailure(model, x, e.lastU, `${kind}: ${e.message}`));
          if (e instanceof InferenceError) throw e;
          throw new InferenceError(`${kind}: ${(e as Error).message}`);
        }
        const wall = (performance.now() - started) / 1000;
        out.push(toPosterior(kind, model, results, wall, { ...extraAttrs, seed, workers: useWorkers && portable !== null }));
      }
      return out;
    },
  };
}

/**
 * Starting a worker (loading the runtime, rebuilding the density) costs a few hundred ms; only
 * worth it when the sequential run would take longer. Estimate: ~30 gradients per iteration
 * (tree depth 4–5, typical of real posteriors; iid Gaussians need fewer).
 */
const WORKER_WORTH_SECONDS = 1;
function worthWorkers(model: McmcModel, x: Float64Array, iterations: number): boolean {
  const u = new Float64Array(model.unconstrainedDim);
  const g = new Float64Array(model.unconstrainedDim);
  const reps = 50;
  const t0 = performance.now();
  try {
    for (let i = 0; i < reps; i++) model.logJointGrad(u, x, g);
  } catch {
    return false; // let the sequential path report whatever is wrong
  }
  const perGrad = (performance.now() - t0) / 1000 / reps;
  return perGrad * 30 * iterations > WORKER_WORTH_SECONDS;
}

/** u-draws → θ-draws, sampler statistics in ArviZ names, timing, warnings. */
export function toPosterior(kind: string, model: McmcModel, results: ChainResult[], wallSeconds: number, attrs: Record<string, unknown>): Posterior {
  const d = model.dim;
  const ud = model.unconstrainedDim;
  const theta = new Float64Array(d);
  const chains = results.map((r) => {
    const out = new Float64Array(r.numDraws * d);
    const u = new Float64Array(ud);
    for (let i = 0; i < r.numDraws; i++) {
      u.set(r.draws.subarray(i * ud, (i + 1) * ud));
      model.fromUnconstrained(u, theta);
      out.set(theta, i * d);
    }
    return out;
  });
  const stats: Record<string, Float64Array[]> = { lp: results.map((r) => r.lp), acceptance_rate: results.map((r) => r.acceptStat) };
  const optional: [string, keyof ChainResult][] = [
    ['step_size', 'stepSize'], ['tree_depth', 'treeDepth'], ['n_steps', 'nLeapfrog'], ['diverging', 'divergent'], ['energy', 'energy'],
  ];
  for (const [name, key] of optional) if (results[0]?.[key]) stats[name] = results.map((r) => r[key] as Float64Array);
  const sum = (f: (r: ChainResult) => number): number => results.reduce((s, r) => s + f(r), 0);
  const timing = {
    warmup: sum((r) => r.warmupSeconds),
    sampling: sum((r) => r.sampleSeconds),
    chainSeconds: sum((r) => r.warmupSeconds + r.sampleSeconds),
    wall: wallSeconds,
  };
  return new Posterior({
    method: kind, params: model.params, chains, samplerStats: stats, timing,
    warnings: kind === 'nuts' ? nutsWarnings(results, attrs as { targetAccept: number; maxTreeDepth: number }) : [],
    deferredWarnings: (post) => convergenceWarnings(post.summary(), results.length),
    attrs: {
      ...attrs,
      stepSize: results.map((r) => r.adaptedStepSize ?? NaN),
      invMetric: results.map((r) => Array.from(r.invMetric ?? [])),
      gradEvals: sum((r) => r.gradEvals),
      densityEvals: sum((r) => r.densityEvals),
    },
  });
}
