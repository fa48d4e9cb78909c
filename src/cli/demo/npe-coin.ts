/**
 * Demo step: amortization. NPE is trained once on simulations of the coin model, then infers on
 * 110 data sets at once (every count of heads in 10 flips, ten times over) in one batched call;
 * its posterior means are compared with the exact Beta(1 + heads, 1 + tails) means.
 */
import { infer } from '../../backends/infer.js';
import { npe } from '../../backends/npe/index.js';
import coin from '../../../examples/coin.js';
import type { DemoStep } from './step.js';

export const npeCoinStep: DemoStep = {
  title: 'amortized: NPE trained once on the coin model, then 110 data sets in one call',
  description: 'same model; posterior means against the exact Beta(1 + heads, 1 + tails) means',
  async run(ctx) {
    const started = performance.now();
    const estimator = await npe({ draws: 2000 }).train(coin, { inputs: { n: 10 }, simulations: 3000, epochs: 25, seed: ctx.seed, onProgress: ctx.onProgress });
    const trainSeconds = (performance.now() - started) / 1000;
    const dataSets = Array.from({ length: 110 }, (_, i) => ({ n: 10, heads: i % 11 }));
    const t0 = performance.now();
    const posteriors = await infer(coin, dataSets, estimator, { seed: ctx.seed });
    const inferSeconds = (performance.now() - t0) / 1000;
    const exact = (heads: number): number => (1 + heads) / 12;
    let worst = 0;
    posteriors.forEach((p, i) => { worst = Math.max(worst, Math.abs(p.mean('p') - exact(dataSets[i]!.heads))); });
    const rows = [0, 3, 7, 10].map((heads) => ({ name: `p mean, ${heads} heads`, values: [posteriors[heads]!.mean('p'), exact(heads)] }));
    return {
      columns: ['NPE', 'exact'],
      rows,
      note: `trained in ${trainSeconds.toFixed(1)} s on 3000 simulations; 110 posteriors in ${inferSeconds.toFixed(2)} s ` +
        `(${((1000 * inferSeconds) / 110).toFixed(1)} ms each); largest error of a mean over all 110: ${worst.toFixed(3)}`,
    };
  },
};
