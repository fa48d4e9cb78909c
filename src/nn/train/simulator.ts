/**
 * Simulations off the training thread. tfjs's wasm backend is single-threaded in Node, so the
 * second core is free: a worker_threads worker simulates the next epoch while this thread trains.
 *
 * Closures cannot cross threads, so a worker needs a *portable* simulator: a module file it can
 * import, exporting `(n, seed, options) => TrainArrays` (or a Promise of it). Where there is none
 * (a simulator that is a closure), the same interface runs in-thread.
 */
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { TrainArrays } from './data.js';

export type SeededSimulateFn = (n: number, seed: number, options?: unknown) => TrainArrays | Promise<TrainArrays>;

export interface PortableSimulator {
  /** A module the worker can import: a path or file: URL (.js/.mjs, or .ts/.mts through tsx's loader). */
  module: string | URL;
  /** The export to call (default 'simulate'). */
  exportName?: string;
  /** Passed to every call; must be structured-clonable. */
  options?: unknown;
  /** Node flags for the worker (default: inherit the parent's). */
  execArgv?: string[];
}

export interface Simulator {
  /** n simulations for `epoch` (the seed is derived from the base seed and the epoch). */
  simulate(n: number, epoch: number): Promise<TrainArrays>;
  close(): Promise<void>;
  readonly where: 'worker' | 'in-thread';
  /** Why it runs in-thread, when a worker was asked for but could not start. */
  readonly reason?: string;
}

/** file: URL of tsx's ESM registration API, or null when tsx is not installed. */
function tsxApiUrl(): string | null {
  try {
    return import.meta.resolve('tsx/esm/api'); // the ESM entry (createRequire would give the CJS one)
  } catch {
    return null;
  }
}

/** A per-epoch seed: distinct, deterministic, 32-bit. */
export function epochSeed(seed: number, epoch: number): number {
  let h = (seed >>> 0) ^ Math.imul(epoch + 2, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// Runs inside the worker (CommonJS eval script; dynamic import loads ESM or, under tsx, TS).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// A TypeScript simulator needs tsx's loader, which a worker does not inherit: register it here.
const loader = workerData.tsxApi ? import(workerData.tsxApi).then((t) => t.register()) : Promise.resolve();
const ready = loader.then(() => import(workerData.url)).then((m) => {
  const f = m[workerData.exportName];
  if (typeof f !== 'function') throw new Error('module ' + workerData.url + ' has no function export ' + workerData.exportName);
  return f;
});
ready.then(() => parentPort.postMessage({ ready: true }), (e) => parentPort.postMessage({ ready: false, error: String(e && e.stack || e) }));
parentPort.on('message', async (msg) => {
  try {
    const f = await ready;
    const out = await f(msg.n, msg.seed, workerData.options);
    const buffers = new Set();
    for (const k of Object.keys(out)) buffers.add(out[k].data.buffer);
    parentPort.postMessage({ id: msg.id, out }, [...buffers]);
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: String(e && e.stack || e) });
  }
});
`;

interface Reply { id: number; out?: TrainArrays; error?: string }

class WorkerSimulator implements Simulator {
  readonly where = 'worker' as const;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (a: TrainArrays) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker, private readonly seed: number) {
    worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (w === undefined) return;
      this.waiting.delete(m.id);
      if (m.error !== undefined) w.reject(new Error(`simulation worker failed: ${m.error}`));
      else w.resolve(m.out!);
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', (code) => { if (this.waiting.size > 0) this.failAll(new Error(`simulation worker exited with code ${code}`)); });
  }

  simulate(n: number, epoch: number): Promise<TrainArrays> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, n, seed: epochSeed(this.seed, epoch) });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}

class InThreadSimulator implements Simulator {
  readonly where = 'in-thread' as const;
  constructor(private readonly fn: SeededSimulateFn, private readonly seed: number, private readonly options: unknown, readonly reason?: string) {}
  async simulate(n: number, epoch: number): Promise<TrainArrays> {
    return this.fn(n, epochSeed(this.seed, epoch), this.options);
  }
  async close(): Promise<void> {}
}

/**
 * Start a simulator: in a worker when `portable` is given and its module loads there, else in-thread
 * with `fallback` (or the portable module imported here). Throws only if neither is possible.
 */
export async function startSimulator(
  portable: PortableSimulator | null,
  fallback: SeededSimulateFn | null,
  seed = 1,
): Promise<Simulator> {
  let reason: string | undefined;
  if (portable !== null) {
    const url = portable.module instanceof URL ? portable.module.href
      : portable.module.startsWith('file:') ? portable.module : pathToFileURL(portable.module).href;
    const exportName = portable.exportName ?? 'simulate';
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { url, exportName, options: portable.options, tsxApi: /\.[cm]?ts$/.test(url) ? tsxApiUrl() : null },
      ...(portable.execArgv !== undefined ? { execArgv: portable.execArgv } : {}),
    });
    const ready = await new Promise<{ ready: boolean; error?: string }>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (e) => resolve({ ready: false, error: String(e) }));
    });
    if (ready.ready) return new WorkerSimulator(worker, seed);
    await worker.terminate();
    reason = `worker could not load ${url}: ${(ready.error ?? '').split('\n')[0]}`;
    if (fallback === null) {
      const m = (await import(url)) as Record<string, unknown>;
      const f = m[exportName];
      if (typeof f !== 'function') throw new Error(`${url} has no function export '${exportName}'`);
      return new InThreadSimulator(f as SeededSimulateFn, seed, portable.options, reason);
    }
  }
  if (fallback === null) throw new Error('startSimulator: no portable simulator and no in-thread fallback');
  return new InThreadSimulator(fallback, seed, portable?.options, reason);
}
