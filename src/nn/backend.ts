/**
 * Neural backend selection. tfjs runs on whichever backend is active, process-wide; this picks the
 * fastest one present, once:
 *   1. 'tensorflow' — @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, if the user installed one
 *      (optional peer dependencies; they cannot be installed on machines without internet access
 *      because their install step downloads libtensorflow);
 *   2. 'wasm' — @tensorflow/tfjs-backend-wasm with SIMD, plus our kernel fixes (kernels/);
 *   3. 'cpu' — pure JS, 4–7× slower than wasm on an MLP; always present.
 * The user overrides with `prefer` or the AMORTIZE_NN_BACKEND environment variable. A preferred
 * backend that fails to start falls back down the list and the reason is reported.
 *
 * Per-network choice: measured (bench/nn-engine.bench.ts) wasm is fastest for every network here
 * (MLP, DeepSets, CNN) once patched, so one process-wide backend is used; switching per network
 * would copy every weight between backends on each switch.
 */
import * as tf from '@tensorflow/tfjs';
import { activeKernelFixes, registerKernelFixes, removeKernelFixes, type KernelFixOptions } from './kernels/index.js';

export { tf };

export type NeuralBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface NeuralBackendOptions {
  /** Try this backend first (then fall back down the list). Default: env AMORTIZE_NN_BACKEND or 'tensorflow'. */
  prefer?: NeuralBackendName;
  /**
   * Register the wasm kernel fixes (default true). `false` gives tfjs as shipped (for benchmarks); a
   * call with a different value than the active one re-registers accordingly.
   */
  kernelFixes?: boolean | KernelFixOptions;
  /**
   * Where the tfjs wasm binaries (tfjs-backend-wasm*.wasm) are served from, a URL or path prefix
   * ending in '/'. Default: in Node, the package's own dist/ folder; in a browser, tfjs' default
   * (next to the page's script), so a bundle copies them there or names the place here.
   */
  wasmPaths?: string;
}

export interface NeuralBackendInfo {
  /** The backend now active. */
  name: NeuralBackendName;
  /** Which package provides it. */
  provider: string;
  /** wasm only: whether the SIMD binary is in use. */
  simd?: boolean;
  /** Kernels we registered or replaced on this backend. */
  kernelFixes: string[];
  /** Why a more preferred backend was not used (one line per backend tried), if any. */
  fallbacks: string[];
}

const ORDER: NeuralBackendName[] = ['tensorflow', 'wasm', 'cpu'];

let current: NeuralBackendInfo | null = null;
let pending: Promise<NeuralBackendInfo> | null = null;
let wasmPathsSet = false;
/** The kernelFixes option the active backend was started with (to notice a change). */
let lastFixKey = JSON.stringify(true);

/** The active backend, or null before `initNeuralBackend` resolved. */
export function activeNeuralBackend(): NeuralBackendInfo | null {
  return current;
}

/**
 * Select and initialise the neural backend. Idempotent: calling it again with no preference (or the
 * same one) returns the active backend; a different `prefer` switches backends. Safe to call
 * concurrently (calls are serialised).
 */
export async function initNeuralBackend(opts: NeuralBackendOptions = {}): Promise<NeuralBackendInfo> {
  const run = async (): Promise<NeuralBackendInfo> => {
    // `globalThis.process`: in a browser there is no process, and no environment to read.
    const envPrefer = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env['AMORTIZE_NN_BACKEND'] as NeuralBackendName | undefined;
    const prefer = opts.prefer ?? (current === null ? envPrefer : undefined);
    const fixKey = JSON.stringify(opts.kernelFixes ?? true);
    if (current !== null && (prefer === undefined || prefer === current.name) && fixKey === lastFixKey) {
      return current;
    }
    if (prefer !== undefined && !ORDER.includes(prefer)) {
      throw new Error(`amortize/nn: unknown backend '${prefer}' (expected one of ${ORDER.join(', ')})`);
    }
    const start = prefer === undefined ? 0 : ORDER.indexOf(prefer);
    const fallbacks: string[] = [];
    for (const name of ORDER.slice(start)) {
      try {
        const info = await activate(name, opts.kernelFixes ?? true, opts.wasmPaths);
        info.fallbacks = fallbacks;
        current = info;
        lastFixKey = fixKey;
        return info;
      } catch (e) {
        fallbacks.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    throw new Error(`amortize/nn: no tfjs backend could start:\n  ${fallbacks.join('\n  ')}`);
  };
  const p = (pending ?? Promise.resolve()).then(run, run);
  pending = p.catch(() => undefined) as Promise<NeuralBackendInfo>;
  return p;
}

async function activate(name: NeuralBackendName, fixes: boolean | KernelFixOptions, wasmPaths: string | undefined): Promise<NeuralBackendInfo> {
  if (name === 'tensorflow') {
    let provider = '';
    for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      try {
        await import(pkg); // registers the 'tensorflow' backend with the shared tfjs-core
        provider = pkg;
        break;
      } catch {
        /* not installed: try the next one */
      }
    }
    if (provider === '') throw new Error('neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed');
    await setBackendOrThrow('tensorflow');
    return { name, provider, kernelFixes: [], fallbacks: [] };
  }
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet || wasmPaths !== undefined) {
      const prefix = wasmPaths ?? (await nodeWasmFolder());
      if (prefix !== undefined) wasm.setWasmPaths(prefix);
      wasmPathsSet = true;
    }
    // Registered before setBackend so the kernels' setup functions run at initialisation. A change
    // of the requested set (benchmarks: shipped vs fixed) first puts the shipped kernels back.
    removeKernelFixes('wasm');
    if (fixes !== false) registerKernelFixes('wasm', fixes === true ? {} : fixes);
    const kernelFixes = activeKernelFixes('wasm');
    await setBackendOrThrow('wasm');
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
    return { name, provider: '@tensorflow/tfjs-backend-wasm', simd, kernelFixes, fallbacks: [] };
  }
  await setBackendOrThrow('cpu');
  return { name, provider: '@tensorflow/tfjs (cpu)', kernelFixes: [], fallbacks: [] };
}

async function setBackendOrThrow(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
}

/**
 * In Node, the folder holding the .wasm binaries: next to the package's node entry point (dist/),
 * found with import.meta.resolve rather than createRequire. A file-system path (not a file: URL)
 * makes emscripten read them with fs, since Node's fetch cannot read file: URLs. Undefined outside
 * Node. The specifier is built at run time so browser bundlers do not try to resolve node:url.
 */
async function nodeWasmFolder(): Promise<string | undefined> {
  const isNode = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== undefined;
  if (!isNode) return undefined;
  const nodeUrl = 'node:' + 'url';
  const { fileURLToPath } = (await import(nodeUrl)) as typeof import('node:url');
  return fileURLToPath(new URL('./', import.meta.resolve('@tensorflow/tfjs-backend-wasm')));
}
