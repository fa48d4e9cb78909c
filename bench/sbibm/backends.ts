/** The amortized backends the sbibm benchmark runs, with the options it runs them with. */
import type { Backend } from '../../src/backends/backend.js';
import type { Model } from '../../src/lang/model.js';
import type { AmortizedTrainOptions } from '../../src/backends/amortized/index.js';
import { npe } from '../../src/backends/npe/index.js';
import { nbe } from '../../src/backends/nbe/index.js';
import { nle } from '../../src/backends/nle/index.js';
import { nre } from '../../src/backends/nre/index.js';
import { abc } from '../../src/backends/abc/index.js';

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

/** Every backend with its defaults, except rejection ABC, run as sbibm runs it. */
export function benchBackends(): BenchBackend[] {
  return [
    { name: 'NPE', draws: true, make: () => npe() },
    { name: 'NBE', draws: false, make: () => nbe() },
    { name: 'NLE', draws: true, make: () => nle() },
    { name: 'NRE', draws: true, make: () => nre() },
    // REJ-ABC as sbibm runs it (sbibm/algorithms/sbi/mcabc.py defaults): the 100 nearest of the
    // 10,000 simulations, then a Gaussian KDE with a cross-validated bandwidth, resampled to 10,000
    // draws. Without the KDE there are only 100 draws: C2ST against 10,000 reference draws is then a
    // 10,000-vs-100 test whose majority-class accuracy is 0.990 regardless of the posterior.
    { name: 'REJ-ABC', draws: true, make: () => abc({ accept: 100, kde: true, draws: 10_000 }) },
  ];
}
