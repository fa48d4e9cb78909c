/** Demo step: the coin (beta-binomial), NUTS against the exact posterior Beta(1 + 7, 1 + 3). */
import { infer } from '../../backends/infer.js';
import { nuts } from '../../backends/mcmc/index.js';
import coin, { data as coinData } from '../../../examples/coin.js';
import type { DemoStep } from './step.js';

/** Beta(a, b) CDF for integer a, b: P(Binomial(a + b − 1, x) ≥ a). */
function betaCdfInt(x: number, a: number, b: number): number {
  const n = a + b - 1;
  let p = 0;
  let term = (1 - x) ** n; // k = 0
  for (let k = 0; k <= n; k++) {
    if (k >= a) p += term;
    term *= ((n - k) / (k + 1)) * (x / (1 - x));
  }
  return p;
}

function betaQuantileInt(q: number, a: number, b: number): number {
  let lo = 0, hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdfInt(mid, a, b) < q) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

export const coinStep: DemoStep = {
  title: 'coin flips: 7 heads in 10, NUTS against the exact posterior Beta(8, 4)',
  description: 'param p ~ beta(1, 1); data heads ~ binomial(10, p)',
  async run(ctx) {
    const post = await infer(coin, coinData, nuts({ chains: 4, seed: ctx.seed }), { onProgress: ctx.onProgress });
    const [a, b] = [8, 4];
    const exact = [a / (a + b), Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))), betaQuantileInt(0.05, a, b), betaQuantileInt(0.5, a, b), betaQuantileInt(0.95, a, b)];
    const ours = [post.mean('p'), post.sd('p'), post.quantile(0.05, 'p'), post.quantile(0.5, 'p'), post.quantile(0.95, 'p')];
    const row = post.summary()[0]!;
    return {
      columns: ['NUTS', 'exact'],
      rows: ['mean', 'sd', 'q5', 'q50', 'q95'].map((name, i) => ({ name: `p ${name}`, values: [ours[i]!, exact[i]!] })),
      note: `4 chains × 1000 draws, R-hat ${row.rhat.toFixed(3)}, bulk ESS ${Math.round(row.essBulk)}, ${(post.timing.wall ?? 0).toFixed(1)} s`,
    };
  },
};

