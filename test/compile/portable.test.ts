/**
 * The portable density crosses a real thread boundary: a worker_threads Worker rebuilds eight
 * schools from { factorySource, constants } alone and must return bit-identical values and
 * gradients.
 */
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import eightSchools, { data } from '../../examples/eight-schools.js';
import { points } from './helpers.js';

describe('portable density in a worker thread', () => {
  it('gives the same values and gradients as the compiling thread', async () => {
    const m = eightSchools.compile(eightSchools.splitData(data).inputs);
    const x = m.flattenData(eightSchools.splitData(data).data);
    const us = points(12, 4, 10, 1);
    // The worker is TypeScript: register tsx inside it, then import the entry.
    const entry = new URL('./portable-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { density: m.portableDensity(), points: us, x } });
    const result = await new Promise<{ lp: number; g: Float64Array; lj: number }[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    us.forEach((u, k) => {
      const g = new Float64Array(10);
      expect(result[k]!.lp).toBe(m.logJointGrad(u, x, g));
      expect(Array.from(result[k]!.g)).toEqual(Array.from(g));
      expect(result[k]!.lj).toBe(m.logJoint(u, x));
    });
  }, 30000);
});
