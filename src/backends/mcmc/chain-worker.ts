/**
 * Worker-thread entry: rebuilds the model's log density from its portable form (closures cannot
 * cross threads) and runs the chains it is sent, one at a time.
 *
 * Messages in:  { type: 'init', density, instantiateUrl } then { type: 'task', task }.
 * Messages out: { type: 'ready' }, { type: 'progress', chain, progress },
 *               { type: 'result', chain, result } or { type: 'error', chain, message, lastU }.
 */
import { parentPort } from 'node:worker_threads';
import type { PortableDensity } from '../../lang/compiled-model.js';
import type { ChainTask, WorkerDensity } from './chain-task.js';
import { runChainTask } from './chain-task.js';
import { InitFailure } from './init.js';
import type { DensityTarget } from './target.js';

interface PortableFns {
  logJoint(u: Float64Array, x: Float64Array): number;
  logJointGrad(u: Float64Array, x: Float64Array, grad: Float64Array): number;
}

let target: DensityTarget | null = null;
const port = parentPort!;

port.on('message', async (msg: { type: 'init'; density: WorkerDensity; instantiateUrl: string } | { type: 'task'; task: ChainTask }) => {
  if (msg.type === 'init') {
    try {
      const mod = (await import(msg.instantiateUrl)) as { instantiatePortableDensity(p: PortableDensity): PortableFns };
      const fns = mod.instantiatePortableDensity(msg.density.portable);
      const x = msg.density.x;
      target = {
        dim: msg.density.portable.unconstrainedDim,
        logDensityGrad: (u, g) => fns.logJointGrad(u, x, g),
        logDensity: (u) => fns.logJoint(u, x),
      };
      port.postMessage({ type: 'ready' });
    } catch (e) {
      port.postMessage({ type: 'error', chain: -1, message: `worker could not rebuild the density: ${(e as Error).message}` });
    }
    return;
  }
  const { task } = msg;
  try {
    const result = runChainTask(task, target!, (progress) => port.postMessage({ type: 'progress', chain: task.chain, progress }));
    port.postMessage({ type: 'result', chain: task.chain, result }, [result.draws.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({
      type: 'error',
      chain: task.chain,
      message: (e as Error).message,
      lastU: e instanceof InitFailure ? e.lastU : undefined,
    });
  }
});
