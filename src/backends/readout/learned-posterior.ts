/**
 * Posteriors from a learned likelihood or ratio, for a batch of data sets:
 *
 *   π_g(u_θ) ∝ p(u_θ) · exp(ℓ(u_θ, x_g)),   ℓ = log q(x | θ) (NLE) or the classifier logit (NRE),
 *
 * sampled in the param block's unconstrained space by the batched ensemble (one network call per
 * half-step for all data sets and chains), reported in constrained θ.
 *
 * Seeds: data set g's stream is derived from (seed, x_g) alone, so a data set gets the same draws
 * whether it is inferred alone or in a batch, and in whatever order.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import type { ProgressEvent } from '../backend.js';
import { Posterior } from '../posterior.js';
import { ParamBlock } from '../amortized/param-block.js';
import { createRng, type Rng } from '../../runtime/rng.js';
import { sampleLearnedPosterior, type BatchedSamplerOptions } from '../../samplers/sample.js';
import { chunked, type BatchedLogLikelihood } from '../../samplers/chunked.js';

export type { BatchedLogLikelihood } from '../../samplers/chunked.js';

export interface LearnedPosteriorArgs {
  method: string;
  model: CompiledModel;
  /** The G data sets (for the seeds). */
  xs: Float64Array[];
  logLikelihood: BatchedLogLikelihood;
  sampler?: BatchedSamplerOptions;
  seed?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Extra attributes for every posterior. */
  attrs?: Record<string, unknown>;
  timing?: Record<string, number>;
}

/** The stream of one data set: a function of the seed and the data alone. */
export function dataSetRng(method: string, seed: number, x: ArrayLike<number>): Rng {
  return createRng(`${method}:${seed}:${Array.from(x).join(',')}`);
}

export function learnedPosteriors(a: LearnedPosteriorArgs): Posterior[] {
  const block = new ParamBlock(a.model);
  const P = block.dim;
  const G = a.xs.length;
  const full = new Float64Array(a.model.unconstrainedDim);
  const logPrior = (u: Float64Array): number => {
    const v = block.logPrior(u);
    return Number.isFinite(v) ? v : -Infinity;
  };
  const logDensity = (u: Float64Array, targets: Int32Array): Float64Array => {
    const ll = chunked(a.logLikelihood, u, targets, P);
    const row = new Float64Array(P);
    for (let i = 0; i < targets.length; i++) {
      row.set(u.subarray(i * P, (i + 1) * P));
      ll[i] = ll[i]! + logPrior(row);
    }
    return ll;
  };
  const rngs = a.xs.map((x) => dataSetRng(a.method, a.seed ?? 1, x));
  const result = sampleLearnedPosterior(
    {
      dim: P,
      targets: G,
      samplePrior: (rng, out) => { a.model.samplePriorUnconstrained(rng, full); out.set(full.subarray(0, P)); },
      logPrior,
      logDensity,
    },
    rngs,
    a.sampler ?? {},
    (done, total) => {
      if (a.onProgress && (done % 10 === 0 || done === total)) a.onProgress({ phase: 'sample', done, total, metrics: { dataSets: G } });
    },
  );
  return result.perTarget.map((t, g) => {
    const chains = t.superchains.map((c) => block.toThetaRows(c, c.length / P));
    return new Posterior({
      method: a.method,
      params: a.model.params,
      chains,
      logDensity: (theta) => unnormalisedLogPosterior(block, theta, (u) => logDensity(u, Int32Array.of(g))[0]!),
      timing: { ...(a.timing ?? {}), sampling: result.seconds / G, samplingBatch: result.seconds },
      attrs: {
        ...(a.attrs ?? {}),
        sampler: 'de-ensemble',
        samplerChains: t.chains.length,
        drawsPerChain: t.chains[0]!.length / P,
        acceptance: t.acceptance,
        samplerWarmup: t.warmup,
        repeatedDraws: t.sharedFraction,
        rhatSuperchains: t.rhat,
        drift: t.drift,
        networkCalls: result.calls,
        logDensity: 'unnormalised',
      },
      warnings: t.warnings,
    });
  });
}

/** log π(θ) up to a constant, in constrained θ: log π(u_θ) − log|det ∂θ/∂u_θ|; −∞ outside the support. */
function unnormalisedLogPosterior(block: ParamBlock, theta: Float64Array, logDensityU: (u: Float64Array) => number): number {
  const u = block.toU(theta);
  if (!u.every(Number.isFinite)) return -Infinity;
  const logDet = block.toTheta(u, new Float64Array(block.thetaDim));
  return logDensityU(u) - logDet;
}
