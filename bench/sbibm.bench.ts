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
 *   SBIBM_MERGE=1 ...: keep the previous bench/results/sbibm.json rows of every (task, method, obs)
 *   not rerun and average each (task, method) over all its observations, so the benchmark can be
 *   run piecewise, also in parallel processes (each merges when it finishes); `obs used` says which
 *   observations each row averages.
 *
 * Cost: C2ST (5-fold, MLP of 10·dim units, sklearn's stopping rule on the training loss) dominates:
 * 20–60 s per observation in 2-D and far more in 10-D (gaussian_linear), where sklearn's rule lets
 * the 100-wide nets train for hundreds of epochs; plus 1–3 min of training per backend and task.
 *
 * REJ-ABC is run as sbibm runs it (sbibm/algorithms/sbi/mcabc.py defaults): the 100 nearest of the
 * 10,000 simulations, then a Gaussian KDE with a cross-validated bandwidth in the unconstrained
 * space, resampled to 10,000 draws. Differences: our distance is L2 on data scaled by each
 * coordinate's sd over the simulations (sbi's MCABC: plain L2; the three tasks' data coordinates
 * share one scale, so the nearest 100 barely change), and our kernel is h²·Σ̂ with h by
 * leave-one-out likelihood (sbibm: isotropic h²·I, h by 20-fold CV over [0.1, 0.5]·sd).
 *
 * NBE gives point estimates and intervals, not draws: C2ST does not apply; its row reports the
 * error of its posterior-mean estimate against the reference draws' mean, in reference sds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './harness.js';
import { infer } from '../src/backends/infer.js';
import { simulateTrainingSet } from '../src/backends/amortized/index.js';
import { c2st } from '../src/diagnostics/c2st/index.js';
import { TASKS } from './sbibm/tasks.js';
import { observation, referenceDraws } from './sbibm/reference.js';
import { benchBackends } from './sbibm/backends.js';
import { mergeTables, readPrevious, type ObsRow } from './sbibm/results.js';

const SIMULATIONS = 10_000;
const RESULTS = fileURLToPath(new URL('./results/sbibm.json', import.meta.url));
const PROGRESS = fileURLToPath(new URL('../.tmp/sbibm-progress.json', import.meta.url));

const PEERS = [
  'Peer (measured on this machine): sbi 0.27, PyTorch 1.13, one thread, two_moons, 10,000 simulations: ' +
    'NPE (MAF, sbi default) C2ST 0.658 ± 0.049 over the 10 observations, training ≈ 160 s; ' +
    'NPE with a neural spline flow 0.546 (observations 1–3), 150–170 s; NRE-A 0.775 (observation 1), ' +
    'training 29 s and 9 s of slice sampling for 10,000 draws.',
  'Published: sbibm_main_paper_results.csv, column C2ST, num_simulations 10⁴, mean over the same observations (the `obs used` column).',
  'REJ-ABC: 100 nearest of 10,000 simulations (L2 on sd-scaled data), Gaussian KDE (covariance h²·Σ̂ of the accepted draws, h by leave-one-out likelihood, unconstrained space) resampled to 10,000 draws, as sbibm\'s mcabc.py defaults (num_top_samples=100, kde_bandwidth="cv"). Without the KDE the 100 accepted draws alone give C2ST ≈ 0.990 = 10,000/10,100, the majority-class rate of an unbalanced test, whatever the posterior.',
  'NBE gives a point estimate, not draws: its row reports |posterior-mean estimate − reference mean| / reference sd, averaged over parameters (slcp\'s posterior has four symmetric modes, so its mean sits between them and the estimate of it is noisy).',
  'Runs: rows are merged per observation from several runs (SBIBM_MERGE=1), up to three at a time on the 2-core machine; `train s`, `infer s / obs` and `c2st s / obs` are therefore inflated by up to ≈ 2–3× against an idle machine, and comparable across rows only roughly. C2ST values do not depend on the machine: every run is seeded (simulations seed 1, training seed 1, draws and C2ST seeded by the observation number).',
  'C2ST: the sbibm recipe (5-fold CV, MLP with two hidden layers of 10·dim units, Adam, sklearn\'s stopping rule on the training loss); each fit is capped at 1,000 epochs where sbibm passes max_iter=10000 (no fit here reached 1,000: see `c2st epochs`). Every row uses the float32 WebAssembly SIMD trainer (the float64 one gives the same to float32 rounding, bench/results/c2st.md).',
  'NPE rows of two_moons and slcp rerun on 2026-11-26 (seventh session) with spline flows trained at batch 256 and learning rate 2e-3 instead of 512 and 3e-3 (twice the steps, ≈ 0.65× the cost each): two_moons mean C2ST 0.588 → 0.570 (published 0.606), training 52.8 s alone on the machine against sbi\'s 150–170 s for its spline flow; observations 1–3 with training seeds 1 / 2 / 3: 0.533 / 0.556 / 0.550, mean 0.546 (sbi\'s spline flow: 0.546, one run); all 10 observations with seed 2: 0.584 (batch 512: 0.588 / 0.592 / 0.585 for seeds 1–3). slcp (spline flow too): 0.901 → 0.907 with training seed 1, and 0.884 → 0.893 with seed 2 (published 0.901) — a little worse on C2ST at both seeds, within the seed-to-seed spread, while the validation loss was better (seed 2: 3.61 vs 3.76 nats); training 32 s.',
  'NRE rows of gaussian_linear and slcp rerun on 2026-11-26 with the ensemble default for more than two parameters (four classifiers of 64 × 3 trained together, mean logit; two_moons keeps one of 128 × 3): mean C2ST gaussian_linear 0.604 → 0.540 (published 0.560), slcp 0.953 → 0.940 (published 0.947). Four members of 128 × 3 (measured first, all 10 observations) gave 0.553 and 0.942. slcp observations 1–5 and 7–10 ran on a 16-core Intel Xeon machine (the GPU machine\'s processors, no GPU used), ten processes at once, each training its own copy of the same seeded estimator; the rest on the 2-core machine. C2ST values do not depend on the machine (same Node binary and WebAssembly kernels, all seeded); slcp\'s `train s` is from the run here (observation 6, three runs sharing the 2 cores; 125–135 s on the loaded 16-core machine, where a core ran this work ≈ 1.5–2× slower than here), its other observations\' `draw s` and `c2st s` from there.',
  'NLE/NRE draws: prior × learned likelihood (ratio) sampled by the batched ensemble, one chain per draw (10,000 chains): SIR start from 4 prior candidates per chain, 8 differential-evolution warm-up iterations, then independence Metropolis–Hastings moves from a 16-component Gaussian mixture fitted to the ensemble until at most 5 % of the chains have not jumped (40 warm-up iterations at most), then 2 differential-evolution iterations, the last state kept: ≈ 150,000–340,000 network evaluations per observation (10–30 iterations of 10,000 rows), one network call per half-iteration for all chains. The NLE/NRE rows were all rerun with this sampler on 2026-11-26; against the previous one (a 40-iteration differential-evolution warm-up from 10 candidates per chain, ≈ 520,000 evaluations), same networks and seeds, mean C2ST before → after: two_moons NLE 0.572 → 0.574, NRE 0.730 → 0.729; gaussian_linear NLE 0.544 → 0.544, NRE 0.605 → 0.604; slcp NLE 0.754 → 0.743, NRE 0.952 → 0.953 (per observation −0.032 to +0.013); median seconds for 10,000 draws (two runs sharing the 2 cores both times) 2.42 → 0.73, 1.57 → 0.64, 2.51 → 2.31, 2.72 → 2.02, 2.52 → 2.13, 1.70 → 1.02. gaussian_linear (10 parameters) gains least: the 16-component mixture fits its 10-D Gaussian posterior loosely, so its warm-up runs ≈ 21 iterations. bench/results/sampler.md times both samplers in one idle run.',
];

const bench: Benchmark = {
  id: 'sbibm',
  title: 'sbibm: C2ST and wall time of the amortized backends at 10,000 simulations',
  async run({ quick, log }) {
    const obsEnv = process.env['SBIBM_OBS']?.split(',').map(Number);
    const obsList = obsEnv ?? (quick ? [1] : Array.from({ length: 10 }, (_, i) => i + 1));
    const onlyTasks = process.env['SBIBM_TASKS']?.split(',');
    const onlyBackends = process.env['SBIBM_BACKENDS']?.split(',');
    const backends = benchBackends();
    const perObs: ObsRow[] = [];
    const trainSeconds = new Map<string, number>();
    const skipped: string[] = [];

    const tasks = onlyTasks ? onlyTasks.map((n) => TASKS.find((t) => t.name === n)).filter((t): t is (typeof TASKS)[number] => t !== undefined) : TASKS;
    for (const task of tasks) {
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

      // SBIBM_BACKENDS also sets the order (cheap ones first when a run may be cut short).
      const chosen = onlyBackends ? onlyBackends.map((n) => backends.find((b) => b.name === n)).filter((b): b is (typeof backends)[number] => b !== undefined) : backends;
      for (const b of chosen) {
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
        const seconds = (performance.now() - tt) / 1000;
        trainSeconds.set(`${task.name}|${b.name}`, seconds);
        log(`${task.name} ${b.name}: trained in ${seconds.toFixed(1)} s`);
        for (const o of present) {
          const ref = referenceDraws(task.name, o)!;
          const data = task.toData(observation(task.name, o)!);
          const td = performance.now();
          const post = await infer(task.model, data, est, { seed: o });
          const drawSeconds = (performance.now() - td) / 1000;
          if (b.draws) {
            const tc = performance.now();
            const candidate = post.draws();
            const nDraws = candidate.length / ref.dim; // all chains
            const result = c2st(ref.draws, candidate, ref.dim, { seed: o });
            const c2stSeconds = (performance.now() - tc) / 1000;
            perObs.push({
              task: task.name, method: b.name, obs: o, c2st: result.accuracy, 'mean error (ref sd)': null, draws: nDraws,
              'draw s': drawSeconds, 'c2st s': c2stSeconds, 'c2st epochs': result.epochs.join('/'),
            });
            log(`  obs ${o}: C2ST ${result.accuracy.toFixed(3)} (${c2stSeconds.toFixed(1)} s, epochs ${result.epochs.join('/')}), ${nDraws} draws in ${drawSeconds.toFixed(2)} s`);
          } else {
            // Point estimator: error of its posterior mean against the reference draws' mean, in sds.
            const error = meanErrorInSds(post.mean(), ref.draws, ref.dim);
            perObs.push({
              task: task.name, method: b.name, obs: o, c2st: null, 'mean error (ref sd)': error, draws: null,
              'draw s': drawSeconds, 'c2st s': null, 'c2st epochs': null,
            });
            log(`  obs ${o}: posterior-mean error ${error.toFixed(3)} reference sds`);
          }
        }
        // Progress after every backend (.tmp/ is git-ignored): a long run killed midway keeps its rows.
        mkdirSync(fileURLToPath(new URL('../.tmp/', import.meta.url)), { recursive: true });
        writeFileSync(PROGRESS, JSON.stringify({ perObs }, null, 2) + '\n');
      }
    }
    // Read the previous results only now: runs split over several processes merge in turn.
    const previous = process.env['SBIBM_MERGE'] === '1' ? readPrevious(RESULTS) : { summary: [], perObs: [] };
    const tables = mergeTables(previous, perObs, trainSeconds);
    return [
      { title: 'Mean C2ST over the observations (0.5 = indistinguishable from the reference)', rows: tables.summary, notes: [...PEERS, ...skipped] },
      { title: 'Per observation', rows: tables.perObs },
    ];
  },
};

/** |point − reference mean| / reference sd, averaged over the parameters. */
function meanErrorInSds(point: ArrayLike<number>, draws: Float64Array, dim: number): number {
  const n = draws.length / dim;
  let err = 0;
  for (let j = 0; j < dim; j++) {
    let m = 0, v = 0;
    for (let i = 0; i < n; i++) m += draws[i * dim + j]!;
    m /= n;
    for (let i = 0; i < n; i++) v += (draws[i * dim + j]! - m) ** 2;
    err += Math.abs(point[j]! - m) / Math.sqrt(v / (n - 1));
  }
  return err / dim;
}

export default bench;
