/**
 * The amortized backends the sbibm benchmark runs: NPE and NBE from this tree, and NLE, NRE and
 * rejection ABC when their modules exist (written in parallel; skipped with a note when absent).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../src/backends/backend.js';
import type { Model } from '../../src/lang/model.js';
import type { AmortizedTrainOptions } from '../../src/backends/amortized/index.js';
import { npe } from '../../src/backends/npe/index.js';
import { nbe } from '../../src/backends/nbe/index.js';

export interface Trainable {
  train(model: Model, opts: AmortizedTrainOptions): Promise<Backend>;
}

export interface BenchBackend {
  /** sbibm's algorithm name ('NPE', 'NLE', 'NRE', 'REJ-ABC'), or ours for those sbibm lacks. */
  name: string;
  /** Gives draws, so C2ST applies. */
  draws: boolean;
  make(): Trainable;
}

async function optional(dir: string, exportName: string, name: string, options: object): Promise<BenchBackend | string> {
  const file = fileURLToPath(new URL(`../../src/backends/${dir}/index.ts`, import.meta.url));
  if (!existsSync(file)) return `${name}: src/backends/${dir}/index.ts not present, skipped`;
  const mod = (await import(`../../src/backends/${dir}/index.js`)) as Record<string, unknown>;
  const factory = mod[exportName];
  if (typeof factory !== 'function') return `${name}: src/backends/${dir} has no export '${exportName}', skipped`;
  return { name, draws: true, make: () => (factory as (o: object) => Trainable)(options) };
}

/** The backends present, and a note for each one skipped. */
export async function benchBackends(): Promise<{ backends: BenchBackend[]; notes: string[] }> {
  const backends: BenchBackend[] = [
    { name: 'NPE', draws: true, make: () => npe() },
    { name: 'NBE', draws: false, make: () => nbe() },
  ];
  const notes: string[] = [];
  // REJ-ABC as sbibm runs it (sbibm/algorithms/sbi/mcabc.py defaults): the 100 nearest of the
  // 10,000 simulations, then a Gaussian KDE with a cross-validated bandwidth, resampled to 10,000
  // draws. Without the KDE there are only 100 draws: C2ST against 10,000 reference draws is then a
  // 10,000-vs-100 test whose majority-class accuracy is 0.990 regardless of the posterior.
  const options: Record<string, object> = { nle: {}, nre: {}, abc: { accept: 100, kde: true, draws: 10_000 } };
  for (const [dir, exp, name] of [['nle', 'nle', 'NLE'], ['nre', 'nre', 'NRE'], ['abc', 'abc', 'REJ-ABC']] as const) {
    const b = await optional(dir, exp, name, options[dir]!);
    if (typeof b === 'string') notes.push(b);
    else backends.push(b);
  }
  return { backends, notes };
}
