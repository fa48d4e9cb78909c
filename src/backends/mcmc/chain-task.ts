/**
 * A chain to run, as plain data, and the function that runs it. The same function runs on the
 * main thread (sequential fallback) and in a worker thread, so chain c's draws depend only on
 * its RNG state and the density — not on where it runs.
 */
import type { PortableDensity } from '../../lang/compiled-model.js';
import { rngFromState } from '../../runtime/rng.js';
import type { ChainProgress, ChainResult } from './chain-result.js';
import { type NutsChainOptions, runNutsChain } from './nuts-chain.js';
import { type RwmChainOptions, runRwmChain } from './rwm-chain.js';
import type { DensityTarget } from './target.js';

export type SamplerSpec =
  | { sampler: 'nuts'; options: Omit<NutsChainOptions, 'onProgress'> }
  | { sampler: 'rwm'; options: Omit<RwmChainOptions, 'onProgress'> };

export interface ChainTask {
  chain: number;
  spec: SamplerSpec;
  rngState: { algorithm: string; state: string };
}

export function runChainTask(task: ChainTask, target: DensityTarget, onProgress?: (p: ChainProgress) => void): ChainResult {
  const rng = rngFromState(task.rngState);
  const extra = onProgress ? { onProgress } : {};
  return task.spec.sampler === 'nuts'
    ? runNutsChain(target, { ...task.spec.options, ...extra }, rng)
    : runRwmChain(target, { ...task.spec.options, ...extra }, rng);
}

/** What a worker needs to rebuild the density: the portable code and the data set. */
export interface WorkerDensity {
  portable: PortableDensity;
  x: Float64Array;
}
