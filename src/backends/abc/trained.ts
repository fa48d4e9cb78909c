/** The trained surface of rejection ABC: a simulated reference table that answers any number of data sets. */
import { InferenceError } from '../../lang/errors.js';
import type { Backend, RunOptions } from '../backend.js';
import { Posterior } from '../posterior.js';
import { dataSetRng } from '../readout/index.js';
import { kdeResample } from './kde.js';
import { nearest } from './rejection.js';
import { summarizeAll, summaryScale } from './summaries.js';
import type { CompiledModel } from '../../lang/compiled-model.js';
import { ParamBlock, type TrainingSet } from '../amortized/index.js';
import type { AbcOptions } from './options.js';

/** A simulated reference table, ready to answer any number of data sets. */
export class AbcTable implements Backend {
  readonly kind = 'abc';
  readonly trained = true as const;
  readonly fingerprint: string;
  /** (N, S) summaries of the table's data, and their per-coordinate scale (S). */
  private readonly s: Float64Array;
  private readonly sDim: number;
  private readonly scale: Float64Array;

  constructor(model: CompiledModel, readonly set: TrainingSet, readonly options: AbcOptions) {
    this.fingerprint = model.fingerprint;
    const { s, dim } = summarizeAll(options.summary ?? 'standardized', set.x, set.n, model.dataDim);
    this.s = s;
    this.sDim = dim;
    this.scale = summaryScale(s, set.n, dim);
  }

  /** Simulations kept per data set. */
  get accepted(): number {
    const k = this.options.quantile !== undefined ? Math.round(this.options.quantile * this.set.n) : (this.options.accept ?? 100);
    return Math.max(1, Math.min(k, this.set.n));
  }

  async run(model: CompiledModel, xs: Float64Array[], options: RunOptions = {}): Promise<Posterior[]> {
    if (model.fingerprint !== this.fingerprint) {
      throw new InferenceError(`this ABC reference table was simulated from a different model or inputs (fingerprint ${this.fingerprint}, given ${model.fingerprint}): simulate a new one with abc(...).train(model)`);
    }
    const t0 = performance.now();
    const block = new ParamBlock(model);
    const P = block.dim;
    const k = this.accepted;
    const { s: obs } = summarizeAll(this.options.summary ?? 'standardized', concat(xs), xs.length, model.dataDim);
    return xs.map((x, g) => {
      const { index, distance } = nearest(this.s, this.set.n, obs.subarray(g * this.sDim, (g + 1) * this.sDim), this.scale, k);
      const kept = Int32Array.from(index).sort(); // table order: accepted draws are exchangeable
      const u = new Float64Array(k * P);
      kept.forEach((i, r) => u.set(this.set.u.subarray(i * P, (i + 1) * P), r * P));
      const smooth = this.options.kde;
      const draws = smooth ? (this.options.draws ?? 10_000) : k;
      const uDraws = smooth
        ? kdeResample(u, k, P, draws, dataSetRng('abc', options.seed ?? this.options.seed ?? 1, x), typeof smooth === 'object' ? smooth.bandwidth : undefined)
        : u;
      const epsilon = distance[distance.length - 1]!;
      const warnings = Number.isFinite(epsilon) ? [] : ['fewer simulations than requested had finite summaries: some accepted draws are arbitrary'];
      return new Posterior({
        method: 'abc',
        params: model.params,
        chains: [block.toThetaRows(uDraws, draws)],
        timing: { sampling: (performance.now() - t0) / 1000 / xs.length, simulation: this.set.seconds },
        attrs: { simulations: this.set.n, accepted: k, epsilon, kde: Boolean(smooth) },
        warnings,
      });
    });
  }
}

function concat(xs: Float64Array[]): Float64Array {
  const out = new Float64Array(xs.reduce((s, x) => s + x.length, 0));
  let o = 0;
  for (const x of xs) { out.set(x, o); o += x.length; }
  return out;
}
