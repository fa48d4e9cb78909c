/**
 * Runs chains on worker threads (one per core, chains queued) or, when the density is not
 * portable or workers are off, one after another on this thread. Both paths call the same
 * `runChainTask` with the same serialised RNG state, so the draws are identical.
 *
 * TypeScript sources (tests, tsx): a worker does not inherit the parent's loader hooks, and on
 * Node 20 `execArgv: ['--import', 'tsx']` does not reach the worker's entry point ("Unknown file
 * extension .ts"), so the worker starts from a tiny eval'd bootstrap that registers tsx's ESM
 * hooks (tsx/esm/api) and then imports the .ts entry. A built .js tree starts it plainly.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChainProgress, ChainResult } from './chain-result.js';
import { type ChainTask, type WorkerDensity, runChainTask } from './chain-task.js';
import { InitFailure } from './init.js';
import type { DensityTarget } from './target.js';

const IS_TS = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(IS_TS ? './chain-worker.ts' : './chain-worker.js', import.meta.url);
/** Where the worker finds `instantiatePortableDensity` (the compiler's runtime half). */
export const DEFAULT_INSTANTIATE_URL = new URL(IS_TS ? '../../runtime/portable.ts' : '../../runtime/portable.js', import.meta.url).href;

function tsBootstrap(entry: string): string {
  let api = 'tsx/esm/api';
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    // Some loaders (vitest) lack import.meta.resolve: the bare name resolves from the cwd.
  }
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

export interface RunChainsOptions {
  /** Main-thread density (sequential path). */
  target: DensityTarget;
  /** Portable density for workers; null → sequential. */
  density: WorkerDensity | null;
  workers: boolean;
  maxWorkers?: number;
  instantiateUrl?: string;
  onProgress?: (chain: number, p: ChainProgress) => void;
}

export async function runChains(tasks: ChainTask[], opts: RunChainsOptions): Promise<ChainResult[]> {
  const nWorkers = Math.min(tasks.length, opts.maxWorkers ?? availableParallelism());
  if (!opts.workers || !opts.density || nWorkers < 2) {
    const out: ChainResult[] = [];
    for (const t of tasks) {
      out.push(runChainTask(t, opts.target, opts.onProgress ? (p) => opts.onProgress!(t.chain, p) : undefined));
      // Yield between chains so progress callbacks and timers can run.
      await new Promise((r) => setImmediate(r));
    }
    return out;
  }
  return runOnWorkers(tasks, opts.density, nWorkers, opts);
}

async function runOnWorkers(tasks: ChainTask[], density: WorkerDensity, nWorkers: number, opts: RunChainsOptions): Promise<ChainResult[]> {
  const results: ChainResult[] = new Array(tasks.length);
  const queue = tasks.map((t, i) => ({ t, i }));
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: nWorkers }, () =>
        new Promise<void>((resolve, reject) => {
          const w = IS_TS ? new Worker(tsBootstrap(WORKER_URL.href), { eval: true }) : new Worker(WORKER_URL);
          workers.push(w);
          let current = -1;
          const next = (): void => {
            const job = queue.shift();
            if (!job) { resolve(); return; }
            current = job.i;
            w.postMessage({ type: 'task', task: job.t });
          };
          w.on('message', (m: any) => {
            if (m.type === 'ready') next();
            else if (m.type === 'progress') opts.onProgress?.(m.chain, m.progress);
            else if (m.type === 'result') { results[current] = m.result; next(); }
            else if (m.type === 'error') reject(m.lastU ? new InitFailure(m.message, m.lastU) : new Error(m.message));
          });
          w.on('error', reject);
          w.on('exit', (code) => { if (code !== 0) reject(new Error(`MCMC worker exited with code ${code}`)); });
          w.postMessage({ type: 'init', density, instantiateUrl: opts.instantiateUrl ?? DEFAULT_INSTANTIATE_URL });
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
