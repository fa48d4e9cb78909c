/**
 * Worker side of portable.test.ts: receives a PortableDensity and points, rebuilds the density
 * with instantiatePortableDensity, and posts back values and gradients.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { instantiatePortableDensity } from '../../src/runtime/portable.js';
import type { PortableDensity } from '../../src/lang/compiled-model.js';

const { density, points, x } = workerData as { density: PortableDensity; points: Float64Array[]; x: Float64Array };
const f = instantiatePortableDensity(density);
const out = points.map((u) => {
  const g = new Float64Array(density.unconstrainedDim);
  const lp = f.logJointGrad(u, x, g);
  return { lp, g, lj: f.logJoint(u, x) };
});
parentPort!.postMessage(out);
