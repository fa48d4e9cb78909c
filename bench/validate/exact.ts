/**
 * The exact-posterior half of the validation suite: train a backend with its defaults on each
 * problem of ./exact-problems.ts, infer on data sets drawn from the prior predictive, and compare
 * with the closed form. Per parameter coordinate and data set:
 *
 *   sd ratio  r = sd_learned / sd_exact          (goal: mean over data sets within 5 % of 1 at 10k sims)
 *   z-score   z = (mean_learned − mean_exact) / sd_exact   (goal: |mean z| ≤ 0.1, mean |z| reported)
 *
 * Monte Carlo error of 10,000 draws: 0.01 in z and ≈ 0.7 % in r, so these goals measure the
 * network, not the read-out.
 */
import { performance } from 'node:perf_hooks';
import { cpuUsage } from 'node:process';
import { infer } from '../../src/backends/infer.js';
import type { Backend } from '../../src/backends/backend.js';
import type { AmortizedTrainOptions, TrainingRecord } from '../../src/backends/amortized/index.js';
import { npe } from '../../src/backends/npe/index.js';
import { nle } from '../../src/backends/nle/index.js';
import { nre } from '../../src/backends/nre/index.js';
import type { Model } from '../../src/lang/model.js';
import { createRng } from '../../src/runtime/rng.js';
import type { ExactProblem } from './exact-problems.js';

export type ExactMethod = 'NPE' | 'NLE' | 'NRE';

interface Trainable { train(model: Model, opts: AmortizedTrainOptions): Promise<Backend & { training?: TrainingRecord | null }> }

export function makeBackend(method: ExactMethod, simulations: number, extra: Record<string, unknown> = {}): Trainable {
  const o = { simulations, ...extra };
  if (method === 'NPE') return npe(o) as unknown as Trainable;
  if (method === 'NLE') return nle(o) as unknown as Trainable;
  return nre(o) as unknown as Trainable;
}

export interface ExactCell {
  problem: string;
  method: ExactMethod;
  simulations: number;
  seed: number;
  dataSets: number;
  /** Per data set, per coordinate. */
  z: number[][];
  sdRatio: number[][];
  /** Averages over data sets and coordinates. */
  meanZ: number;
  meanAbsZ: number;
  meanSdRatio: number;
  /** Worst coordinate's data-set-averaged sd ratio deviation |r̄ − 1| and |z̄|. */
  worstSdDev: number;
  worstMeanZ: number;
  training: { epochs: number; bestEpoch: number; stopReason: string; droppedSimulations: number; bestValLoss: number } | null;
  wallSeconds: number;
  cpuSeconds: number;
}

/** `k` data sets from the prior predictive (seed fixed per problem, independent of training seeds). */
export function dataRows(p: ExactProblem, k: number, seed = 1000): Float64Array[] {
  const m = p.model.compile({});
  const s = m.simulate(k, createRng(seed));
  const D = m.dataDim;
  return Array.from({ length: k }, (_, i) => s.x.slice(i * D, (i + 1) * D));
}

export async function runExactCell(p: ExactProblem, method: ExactMethod, simulations: number, seed: number, dataSets: number, extra: Record<string, unknown> = {}): Promise<ExactCell> {
  const t0 = performance.now();
  const c0 = cpuUsage();
  const est = await makeBackend(method, simulations, extra).train(p.model, { seed });
  const rows = dataRows(p, dataSets);
  const posts = await infer(p.model, rows.map((r) => p.toData(r)), est, { seed: seed + 77 });
  const z: number[][] = [];
  const sdRatio: number[][] = [];
  posts.forEach((post, i) => {
    const ex = p.exact(rows[i]!);
    const m = post.mean();
    const s = post.sd();
    z.push(ex.mean.map((mu, j) => (m[j]! - mu) / ex.sd[j]!));
    sdRatio.push(ex.sd.map((sd, j) => s[j]! / sd));
  });
  const flat = (a: number[][]) => a.flat();
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const P = z[0]!.length;
  const perCoord = (a: number[][], j: number) => mean(a.map((r) => r[j]!));
  const c1 = cpuUsage(c0);
  const tr = (est as { training?: TrainingRecord | null }).training ?? null;
  return {
    problem: p.name, method, simulations, seed, dataSets,
    z, sdRatio,
    meanZ: mean(flat(z)), meanAbsZ: mean(flat(z).map(Math.abs)), meanSdRatio: mean(flat(sdRatio)),
    worstSdDev: Math.max(...Array.from({ length: P }, (_, j) => Math.abs(perCoord(sdRatio, j) - 1))),
    worstMeanZ: Math.max(...Array.from({ length: P }, (_, j) => Math.abs(perCoord(z, j)))),
    training: tr ? { epochs: tr.epochs, bestEpoch: tr.bestEpoch, stopReason: tr.stopReason, droppedSimulations: tr.droppedSimulations, bestValLoss: tr.bestValLoss } : null,
    wallSeconds: (performance.now() - t0) / 1000,
    cpuSeconds: (c1.user + c1.system) / 1e6,
  };
}
