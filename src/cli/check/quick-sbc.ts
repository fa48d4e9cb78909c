/**
 * A quick simulation-based calibration for `amortize check`: N data sets simulated from the model,
 * each fitted by MCMC (NUTS, or random-walk Metropolis when the gradient is broken, so that a bad
 * gradient does not hide whether the density itself is right), ranks tested for uniformity
 * (src/diagnostics/sbc.ts). With few replications it catches gross disagreements between the
 * simulator and the density: a wrong prior, a likelihood with the wrong scale or sign.
 */
import type { Backend } from '../../backends/backend.js';
import type { CompiledModel } from '../../lang/compiled-model.js';
import { nuts, rwm } from '../../backends/mcmc/index.js';
import { sbc, type SbcResult } from '../../diagnostics/sbc.js';
import type { CalibrationData } from '../../diagnostics/calibration-data.js';
import { createRng } from '../../runtime/rng.js';
import { deriveSeed } from '../../diagnostics/seeds.js';
import type { Outcome } from './property.js';

export interface QuickSbcOptions {
  replications: number;
  seed: number;
  /** Use random-walk Metropolis instead of NUTS (gradient known to be wrong). */
  gradientFree: boolean;
  /** NUTS warmup per replication (default 500). */
  warmup?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Sampler warnings that mean a fit cannot be trusted (low ESS alone is expected with 200 draws). */
const SERIOUS = /divergent|tree depth|E-BFMI/i;

/**
 * Family-wise level: a correct model fails this check about once in 1000 runs. Low on purpose:
 * a false alarm on a correct model costs the user more than missing a subtle miscalibration,
 * which a quick SBC with a few dozen replications could not resolve anyway.
 */
const ALPHA = 0.001;

/** Where the ranks pile up says how the posterior is wrong (Talts et al. 2018, fig. 3–5). */
function shape(ranks: Int32Array, dim: number, j: number, maxRank: number): string {
  const n = ranks.length / dim;
  let mean = 0, edges = 0;
  for (let i = 0; i < n; i++) {
    const u = ranks[i * dim + j]! / maxRank;
    mean += u / n;
    if (u < 0.1 || u > 0.9) edges += 1 / n;
  }
  if (mean > 0.65) return 'the true values sit mostly above the posterior: it is biased low';
  if (mean < 0.35) return 'the true values sit mostly below the posterior: it is biased high';
  if (edges > 0.4) return 'the true values fall in the tails too often: the posterior is too narrow';
  if (edges < 0.05) return 'the true values fall in the middle too often: the posterior is too wide';
  return 'the ranks are not uniform';
}

export async function quickSbc(model: CompiledModel, options: QuickSbcOptions): Promise<Outcome & { result?: SbcResult; data?: CalibrationData }> {
  if (!model.hasLikelihood) return { status: 'skip', message: `no likelihood for MCMC (${model.noLikelihoodReason ?? 'simulator-only model'}); run SBC with an amortized backend instead` };
  const n = options.replications;
  const drawsPerChain = 200;
  const thin = 2;
  const sampler: Backend = options.gradientFree
    ? rwm({ chains: 1, warmup: 2000, draws: drawsPerChain * 5, thin: 5, workers: false })
    // Dense metric for small models: data simulated from vague priors give strongly correlated posteriors.
    : nuts({ chains: 1, warmup: options.warmup ?? 500, draws: drawsPerChain, workers: false, metric: model.unconstrainedDim <= 20 ? 'dense' : 'diag' });
  // Every stream derived from the one seed, so no replication shares a seed with the simulator.
  const sim = model.simulate(n, createRng(deriveSeed(options.seed, 0)));
  const dim = model.dim;
  const nDraws = drawsPerChain;
  const draws = new Float64Array(n * nDraws * dim);
  const troubled: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = sim.x.slice(i * model.dataDim, (i + 1) * model.dataDim);
    const [post] = await sampler.run(model, [x], { seed: deriveSeed(options.seed, i + 1) });
    draws.set(post!.draws().subarray(0, nDraws * dim), i * nDraws * dim);
    const serious = post!.warnings.find((w) => SERIOUS.test(w));
    if (serious) troubled.push(serious.replace(/:.*$/, ''));
    options.onProgress?.(i + 1, n);
  }
  const data: CalibrationData = { truths: sim.theta, draws, nSims: n, nDraws, dim };
  const result = sbc(data, { thin, seed: options.seed, bandSimulations: 500 });
  const names = model.params.flatMap((p) => p.elementNames);
  const threshold = ALPHA / (3 * dim); // three tests per element, Bonferroni
  const bad: string[] = [];
  result.parameters.forEach((p, j) => {
    const worst = Math.min(p.chiSquare.pValue, p.ks.pValue, p.ecdf.pValue);
    if (worst < threshold) {
      bad.push(`  ${names[j]}: ${shape(result.ranks.ranks, dim, j, result.ranks.maxRank)} (χ² p = ${p.chiSquare.pValue.toPrecision(2)}, KS p = ${p.ks.pValue.toPrecision(2)}, ECDF p = ${p.ecdf.pValue.toPrecision(2)})`);
    }
  });
  const how = `${n} replications, ${options.gradientFree ? 'random-walk Metropolis (the gradient failed)' : 'NUTS'}, ${result.ranks.maxRank} draws each`;
  // If the sampler struggled on many simulated data sets, non-uniform ranks may be its fault, not the model's.
  if (bad.length > 0 && troubled.length >= Math.max(2, 0.1 * n)) {
    return {
      status: 'warn', result, data,
      message: `inconclusive: ranks are not uniform, but the sampler struggled on ${troubled.length} of ${n} simulated data sets (e.g. ${troubled[0]}), ` +
        `so MCMC rather than the model may be at fault (${how}). Data simulated from vague priors are often extreme: ` +
        `a tighter prior, or more --warmup, makes this check conclusive.\n${bad.join('\n')}`,
    };
  }
  if (bad.length > 0) {
    return { status: 'fail', result, data, message: `posterior ranks of the true parameters are not uniform (${how}); the simulator and the density describe different models:\n${bad.join('\n')}` };
  }
  return { status: 'pass', result, data, message: `ranks uniform for all ${dim} elements (${how}; smallest p = ${result.minPValue.toPrecision(2)})` };
}
