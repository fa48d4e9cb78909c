/**
 * sbibm (Lueckmann et al. 2021) on two_moons, gaussian_linear and slcp with 10,000 simulations:
 * every amortized backend present is trained once per task on the same simulations and run on the
 * 10 benchmark observations (`--quick`: observation 1 only); C2ST against sbibm's reference draws,
 * computed the sbibm way (src/diagnostics/c2st), printed next to sbibm's published C2ST for the same
 * algorithm and budget, with wall times for training and for 10,000 draws per observation.
 *
 *   npm run bench -- sbibm [--quick]
 *   SBIBM_TASKS=two_moons SBIBM_BACKENDS=NPE SBIBM_OBS=1,2,3 npm run bench -- sbibm
 *
 * Cost: C2ST (5-fold, MLP of 10·dim units, sklearn's stopping rule) dominates in 10 dimensions —
 * several minutes per observation on gaussian_linear — so a full run takes hours on 2 cores.
 *
 * NBE gives point estimates and intervals, not draws: C2ST does not apply; its row reports the
 * error of its posterior-mean estimate against the reference draws' mean, in reference sds.
 */
import type { Benchmark, BenchTable } from './harness.js';
import { infer } from '../src/backends/infer.js';
import { simulateTrainingSet } from '../src/backends/amortized/index.js';
import { c2st } from '../src/diagnostics/c2st/index.js';
import { TASKS } from './sbibm/tasks.js';
import { observation, publishedC2st, referenceDraws } from './sbibm/reference.js';
import { benchBackends } from './sbibm/backends.js';

const SIMULATIONS = 10_000;

const PEERS = [
  'Peer (measured on this machine): sbi 0.27, PyTorch 1.13, one thread, two_moons, 10,000 simulations: ' +
    'NPE (MAF, sbi default) C2ST 0.658 ± 0.049 over the 10 observations, training ≈ 160 s; ' +
    'NPE with a neural spline flow 0.546 (observations 1–3), 150–170 s; NRE-A 0.775 (observation 1), ' +
    'training 29 s and 9 s of slice sampling for 10,000 draws.',
  'Published: sbibm_main_paper_results.csv, column C2ST, num_simulations 10⁴, mean over the same observations.',
];

function meanSd(v: number[]): { mean: number; sd: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : NaN;
  return { mean, sd };
}

const bench: Benchmark = {
  id: 'sbibm',
  title: 'sbibm: C2ST and wall time of the amortized backends at 10,000 simulations',
  async run({ quick, log }) {
    const obsEnv = process.env['SBIBM_OBS']?.split(',').map(Number);
    const obsList = obsEnv ?? (quick ? [1] : Array.from({ length: 10 }, (_, i) => i + 1));
    const onlyTasks = process.env['SBIBM_TASKS']?.split(',');
    const onlyBackends = process.env['SBIBM_BACKENDS']?.split(',');
    const { backends, notes } = await benchBackends();
    notes.forEach((n) => log(n));
    const rows: BenchTable['rows'] = [];
    const perObs: BenchTable['rows'] = [];
    const skipped: string[] = [...notes];

    for (const task of TASKS) {
      if (onlyTasks && !onlyTasks.includes(task.name)) continue;
      const present = obsList.filter((o) => observation(task.name, o) !== null && referenceDraws(task.name, o) !== null);
      if (present.length === 0) {
        skipped.push(`${task.name}: no sbibm reference files under ../shared/reference/sbibm/${task.name}, skipped`);
        log(skipped[skipped.length - 1]!);
        continue;
      }
      const compiled = task.model.compile({});
      const t0 = performance.now();
      const trainingSet = simulateTrainingSet(compiled, SIMULATIONS, { seed: 1 });
      log(`${task.name}: ${SIMULATIONS} simulations in ${((performance.now() - t0) / 1000).toFixed(2)} s`);

      for (const b of backends) {
        if (onlyBackends && !onlyBackends.includes(b.name)) continue;
        const tt = performance.now();
        let lastLog = 0;
        const est = await b.make().train(task.model, {
          seed: 1,
          trainingSet,
          onProgress: (e) => {
            if (e.phase === 'train' && performance.now() - lastLog > 15_000) {
              lastLog = performance.now();
              log(`  ${task.name} ${b.name}: epoch ${e.done}/${e.total} loss ${e.metrics?.['loss']?.toFixed(4)} val ${e.metrics?.['valLoss']?.toFixed(4)}`);
            }
          },
        });
        const trainSeconds = (performance.now() - tt) / 1000;
        log(`${task.name} ${b.name}: trained in ${trainSeconds.toFixed(1)} s`);
        const scores: number[] = [];
        const drawSeconds: number[] = [];
        const meanErrors: number[] = [];
        for (const o of present) {
          const ref = referenceDraws(task.name, o)!;
          const data = task.toData(observation(task.name, o)!);
          const td = performance.now();
          const post = await infer(task.model, data, est, { seed: o });
          drawSeconds.push((performance.now() - td) / 1000);
          if (b.draws) {
            const score = c2st(ref.draws, post.draws(), ref.dim, { seed: o }).accuracy;
            scores.push(score);
            perObs.push({ task: task.name, method: b.name, obs: o, c2st: score, 'draw s': drawSeconds[drawSeconds.length - 1]! });
            log(`  obs ${o}: C2ST ${score.toFixed(3)}, 10,000 draws in ${drawSeconds[drawSeconds.length - 1]!.toFixed(2)} s`);
          } else {
            // Point estimator: error of its posterior mean against the reference draws' mean, in sds.
            const n = ref.draws.length / ref.dim;
            const point = post.mean();
            let err = 0;
            for (let j = 0; j < ref.dim; j++) {
              let m = 0, v = 0;
              for (let i = 0; i < n; i++) m += ref.draws[i * ref.dim + j]!;
              m /= n;
              for (let i = 0; i < n; i++) v += (ref.draws[i * ref.dim + j]! - m) ** 2;
              err += Math.abs(point[j]! - m) / Math.sqrt(v / (n - 1));
            }
            meanErrors.push(err / ref.dim);
          }
        }
        const c = scores.length ? meanSd(scores) : null;
        rows.push({
          task: task.name,
          method: b.name,
          observations: present.length,
          C2ST: c ? c.mean : null,
          'C2ST sd': c && present.length > 1 ? c.sd : null,
          'sbibm C2ST': b.draws ? publishedC2st(task.name, b.name, '10⁴', present) : null,
          'train s': trainSeconds,
          'infer s / obs': meanSd(drawSeconds).mean,
          'mean error (ref sd)': meanErrors.length ? meanSd(meanErrors).mean : null,
        });
      }
    }
    return [
      { title: 'Mean C2ST over the observations (0.5 = indistinguishable from the reference)', rows, notes: [...PEERS, ...skipped] },
      { title: 'Per observation', rows: perObs },
    ];
  },
};

export default bench;
