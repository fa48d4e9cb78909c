import { describe, expect, it } from 'vitest';
import { batchLossAndGradient, countCorrect, initMlp, trainMlp } from '../../src/diagnostics/c2st/index.js';
import { batchLossAndGradientT, BatchWork, fromLayoutT, toLayoutT } from '../../src/diagnostics/c2st/mlp.js';
import { createRng } from '../../src/runtime/rng.js';

describe('float64 MLP for C2ST', () => {
  it('backpropagates the exact gradient of log-loss + L2 (central differences)', () => {
    const d = 3, h = 5, n = 7, rng = createRng(1);
    const p = initMlp(d, h, rng);
    const x = Float64Array.from({ length: n * d }, () => rng.normal());
    const y = Float64Array.from({ length: n }, (_, i) => i % 2);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const g = new Float64Array(p.length), scratchG = new Float64Array(p.length);
    batchLossAndGradient(p, d, h, x, y, rows, 0, n, 0.3, g);
    const eps = 1e-6;
    for (let i = 0; i < p.length; i++) {
      const saved = p[i]!;
      p[i] = saved + eps; const up = batchLossAndGradient(p, d, h, x, y, rows, 0, n, 0.3, scratchG);
      p[i] = saved - eps; const down = batchLossAndGradient(p, d, h, x, y, rows, 0, n, 0.3, scratchG);
      p[i] = saved;
      // ReLU kinks are measure-zero for random inputs; central differences are O(eps²) accurate.
      expect(Math.abs((up - down) / (2 * eps) - g[i]!)).toBeLessThan(1e-7);
    }
  });

  it('the batched (matrix-product) pass the trainers use gives the per-row loss and gradient', () => {
    // Sizes that exercise gemmNT's 4-row blocks and its remainder rows; a shuffled row subset.
    for (const [d, h, n] of [[3, 5, 7], [10, 12, 33]] as const) {
      const rng = createRng(4);
      const p = initMlp(d, h, rng);
      const x = Float64Array.from({ length: n * d }, () => rng.normal());
      const y = Float64Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
      const order = Int32Array.from({ length: n }, (_, i) => (i * 5) % n);
      const start = 2, end = n - 1;
      const g = new Float64Array(p.length);
      const loss = batchLossAndGradient(p, d, h, x, y, order, start, end, 0.3, g);
      const gT = new Float64Array(p.length);
      const lossT = batchLossAndGradientT(toLayoutT(p, d, h), d, h, x, y, order, start, end, 0.3, gT, new BatchWork(d, h, end - start));
      expect(Math.abs(lossT - loss)).toBeLessThan(1e-12 * (1 + Math.abs(loss)));
      const back = fromLayoutT(gT, d, h);
      for (let i = 0; i < p.length; i++) expect(Math.abs(back[i]! - g[i]!), `d=${d} param ${i}`).toBeLessThan(1e-12);
    }
  });

  it('learns a non-linear boundary (inside vs outside the unit circle) and stops by the tolerance rule', () => {
    const rng = createRng(2), n = 2000;
    const x = Float64Array.from({ length: 2 * n }, () => 2 * rng.normal() * 0.8);
    const y = Float64Array.from({ length: n }, (_, i) => (x[2 * i]! ** 2 + x[2 * i + 1]! ** 2 < 1.5 ? 1 : 0));
    const opts = { hidden: 20, learningRate: 1e-3, batchSize: 200, l2: 1e-4, maxEpochs: 1000, tol: 1e-4, nIterNoChange: 10 };
    const net = trainMlp(x, y, n, 2, opts, createRng(3));
    expect(net.epochs).toBe(net.lossCurve.length);
    expect(net.lossCurve.at(-1)!).toBeLessThan(net.lossCurve[0]! / 3);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    expect(countCorrect(net, x, y, all) / n).toBeGreaterThan(0.95);
  });
});
