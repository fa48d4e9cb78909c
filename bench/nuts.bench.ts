/**
 * NUTS efficiency on posteriordb problems: bulk ESS per second (min over parameters), gradient
 * evaluations per second, and the sampler's overhead over bare gradient calls, next to Stan
 * 2.21 (CmdStan) on this machine.
 *
 * - one core: chains run one after another on this thread; ESS / (sum of chain seconds).
 * - two cores: chains on worker threads; ESS / wall seconds (including worker start-up).
 * - overhead: (chain seconds / gradient evaluations) / (time of one bare logJointGrad call at
 *   posterior draws): 1 means the sampler itself costs nothing.
 */
import { readFileSync } from 'node:fs';
import type { Benchmark, BenchTable } from './harness.js';
import { timePerCall } from './harness.js';
import { nuts } from '../src/backends/mcmc/nuts.js';
import eightSchools from '../examples/eight-schools.js';
import kidiq from '../examples/kidiq.js';
import type { CompiledModel } from '../src/lang/compiled-model.js';

const DIR = new URL('../../shared/reference/posteriordb/', import.meta.url);
const readData = (f: string): Record<string, any> => JSON.parse(readFileSync(new URL(f, DIR), 'utf8'));

interface Problem {
  name: string;
  stan: { oneCore: number; twoCores: number; gradMicros: number };
  build(): { m: CompiledModel; x: Float64Array };
}

const problems: Problem[] = [
  {
    name: 'eight schools (non-centred)',
    stan: { oneCore: 5600, twoCores: 15000, gradMicros: 1.1 },
    build() {
      const d = readData('eight_schools.data.json');
      const m = eightSchools.compile({ J: d.J, sigma: d.sigma });
      return { m, x: m.flattenData({ y: d.y }) };
    },
  },
  {
    name: 'kidiq (kidscore_momiq)',
    stan: { oneCore: 240, twoCores: 420, gradMicros: 13 },
    build() {
      const d = readData('kidiq.data.json');
      const m = kidiq.compile({ N: d.N, mom_iq: d.mom_iq });
      return { m, x: m.flattenData({ kid_score: d.kid_score }) };
    },
  },
];

const bench: Benchmark = {
  id: 'nuts',
  title: 'NUTS: ESS per second and gradient throughput vs Stan 2.21',
  async run({ quick, log }) {
    const rows: BenchTable['rows'] = [];
    const denseRows: BenchTable['rows'] = [];
    const meanDepth = (post: { samplerStats: Record<string, Float64Array[]> }): number => {
      const all = post.samplerStats.tree_depth!.flatMap((c) => Array.from(c));
      return all.reduce((a, b) => a + b, 0) / all.length;
    };
    const draws = quick ? 500 : 1000;
    for (const p of problems) {
      const { m, x } = p.build();
      const one = (await nuts({ seed: 1, workers: false, warmup: draws, draws }).run(m, [x], {}))[0]!;
      // Bare gradient calls at posterior draws (not one fixed point: the branch and cache
      // behaviour of a fixed input flatters the density).
      const all = one.draws();
      const us = Array.from({ length: 256 }, (_, i) => m.toUnconstrained(all.subarray(i * m.dim, (i + 1) * m.dim)));
      const g = new Float64Array(m.unconstrainedDim);
      let k = 0;
      const grad = timePerCall(() => m.logJointGrad(us[k++ & 255]!, x, g), quick ? 0.3 : 1);
      const two = (await nuts({ seed: 1, workers: 'always', warmup: draws, draws }).run(m, [x], {}))[0]!;
      // What a user gets by default on 2 cores: workers only when the run is long enough to repay
      // their start-up (sampler-backend.ts, worthWorkers), else the sequential path.
      const auto = (await nuts({ seed: 1, warmup: draws, draws }).run(m, [x], {}))[0]!;
      const ess = (post: typeof one) => Math.min(...post.summary().map((r) => r.essBulk));
      const gradEvals = one.attrs.gradEvals as number;
      const chainSec = one.timing.chainSeconds!;
      const row = {
        problem: p.name,
        'grad µs': grad * 1e6,
        'Stan grad µs': p.stan.gradMicros,
        'grad evals/s (in NUTS)': gradEvals / chainSec,
        'NUTS overhead ×': chainSec / gradEvals / grad,
        'min bulk ESS': ess(one),
        'ESS/s 1 core (total)': ess(one) / chainSec,
        'ESS/s 1 core (sampling)': ess(one) / one.timing.sampling!,
        'Stan ESS/s 1 core': p.stan.oneCore,
        'ESS/s 2 cores (workers, wall)': ess(two) / two.timing.wall!,
        'ESS/s 2 cores (default, wall)': ess(auto) / auto.timing.wall!,
        'default uses workers': auto.attrs.workers === true ? 'yes' : 'no',
        'Stan ESS/s 2 cores': p.stan.twoCores,
      };
      log(JSON.stringify(row));
      rows.push(row);
      // The dense metric removes the beta1–beta2 correlation that the diagonal metric leaves.
      const dense = (await nuts({ seed: 1, workers: false, warmup: draws, draws, metric: 'dense' }).run(m, [x], {}))[0]!;
      denseRows.push({
        problem: p.name,
        'ESS/s diag (1 core, total)': ess(one) / chainSec,
        'ESS/s dense (1 core, total)': ess(dense) / dense.timing.chainSeconds!,
        'mean tree depth diag': meanDepth(one),
        'mean tree depth dense': meanDepth(dense),
      });
    }
    return [
      {
        title: `NUTS, 4 chains × (${draws} warmup + ${draws} draws), diagonal metric`,
        rows,
        notes: [
          'ESS: bulk ESS (Vehtari et al. 2021), minimum over parameters. "total" divides by warmup + sampling time, "sampling" by the sampling phase only.',
          '2 cores (workers): chains forced onto worker threads (portable density), wall time including worker start-up (0.4–1.5 s). 2 cores (default): nuts() as a user calls it, which runs short jobs on this thread because workers would not repay their start-up.',
          'Stan 2.21 numbers were measured on this machine with CmdStan defaults (given in the task brief, not re-run here).',
          'kidiq: the flat prior on beta is written normal(0, 1000) (examples/kidiq.ts).',
        ],
      },
      { title: 'Diagonal vs dense metric (same seed, sequential)', rows: denseRows },
    ];
  },
};

export default bench;
