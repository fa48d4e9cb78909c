/**
 * The NLE/NRE posterior sampler: time for 10,000 draws and their C2ST, default warm-up against the
 * previous one (40 differential-evolution iterations from 10 SIR candidates per chain), with the
 * same trained networks in the same run. sbibm two_moons at 10,000 simulations, observations 1–3
 * (`--quick`: observation 1); draw times are the median of three runs.
 *
 * The peer: sbi 0.27 (PyTorch 1.13, one thread) needed 9 s of slice sampling for 10,000 NRE draws
 * on two_moons, measured on this machine (../shared/reference/README.md). Goal: 10× faster.
 */
import type { Benchmark, BenchTable } from './harness.js';
import { infer } from '../src/backends/infer.js';
import type { Posterior } from '../src/backends/posterior.js';
import { simulateTrainingSet } from '../src/backends/amortized/index.js';
import { c2st } from '../src/diagnostics/c2st/index.js';
import { nle } from '../src/backends/nle/index.js';
import { nre } from '../src/backends/nre/index.js';
import type { BatchedSamplerOptions } from '../src/samplers/index.js';
import { TASKS } from './sbibm/tasks.js';
import { observation, referenceDraws } from './sbibm/reference.js';

const SBI_NRE_DRAW_SECONDS = 9;

const SAMPLERS: { name: string; options: BatchedSamplerOptions }[] = [
  { name: 'previous (DE warm-up 40, 10 candidates)', options: { independence: false, candidatesPerChain: 10 } },
  { name: 'default (DE 8 + independence moves, 4 candidates)', options: {} },
];

const bench: Benchmark = {
  id: 'sampler',
  title: 'NLE/NRE posterior sampler: 10,000 draws, default vs previous warm-up (sbibm two_moons)',
  async run({ quick, log }) {
    const task = TASKS.find((t) => t.name === 'two_moons')!;
    const obsList = (quick ? [1] : [1, 2, 3]).filter((o) => observation(task.name, o) !== null && referenceDraws(task.name, o) !== null);
    if (obsList.length === 0) {
      log('skipped: sbibm two_moons observations or reference draws not found under ../shared/reference/');
      return [];
    }
    const trainingSet = simulateTrainingSet(task.model.compile({}), 10_000, { seed: 1 });
    const rows: BenchTable['rows'] = [];
    for (const [method, make] of [['NLE', () => nle()], ['NRE', () => nre()]] as const) {
      const trained = await make().train(task.model, { seed: 1, trainingSet });
      log(`${method}: trained`);
      const baseline = new Map<number, number>();
      for (const sampler of SAMPLERS) {
        const estimator = trained.withReadout({ sampler: sampler.options });
        for (const o of obsList) {
          const data = task.toData(observation(task.name, o)!);
          const times: number[] = [];
          let post: Posterior | null = null;
          for (let rep = 0; rep < 3; rep++) {
            const t0 = performance.now();
            post = await infer(task.model, data, estimator, { seed: o });
            times.push((performance.now() - t0) / 1000);
          }
          times.sort((a, b) => a - b);
          const seconds = times[1]!;
          const ref = referenceDraws(task.name, o)!;
          const accuracy = c2st(ref.draws, post!.draws(), ref.dim, { seed: o }).accuracy;
          if (!baseline.has(o)) baseline.set(o, seconds);
          const attrs = post!.attrs as Record<string, number>;
          rows.push({
            method, sampler: sampler.name, obs: o, c2st: accuracy, 'draw s': seconds,
            'speed-up vs previous': baseline.get(o)! / seconds,
            'speed-up vs sbi NRE (9 s)': SBI_NRE_DRAW_SECONDS / seconds,
            'warm-up iterations': attrs['samplerWarmup'] ?? null,
            'repeated draws': attrs['repeatedDraws'] ?? null,
            acceptance: attrs['acceptance'] ?? null,
          });
          log(`${method} ${sampler.name} obs ${o}: C2ST ${accuracy.toFixed(3)}, ${seconds.toFixed(2)} s`);
        }
      }
    }
    return [{
      title: 'Time for 10,000 draws and C2ST, same trained networks',
      rows,
      notes: [
        'Draw time: median of three `infer` calls for one observation (SIR start, warm-up, 2 sampling iterations, checks), one process on the 2-core machine.',
        `sbi 0.27's NRE needed ${SBI_NRE_DRAW_SECONDS} s of slice sampling for 10,000 draws on two_moons on this machine (one thread).`,
        'C2ST the sbibm way against the reference draws (seeded by the observation), as in sbibm.md.',
      ],
    }];
  },
};

export default bench;
