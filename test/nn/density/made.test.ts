/**
 * MADE's masks make output block d depend on y_{<d} and the context only: changing y_j (by a lot)
 * leaves θ_0 … θ_j bit-identical and changes some θ_d for d > j; changing the context changes
 * every block (context-dependent also for d = 0). Checked for every head of a multi-head MADE.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { perturbWeights, setupBackend, tf } from './helpers.js';
import { Made } from '../../../src/nn/density/made.js';
import { standardNormalArray } from '../../../src/nn/density/random.js';

beforeAll(async () => {
  await setupBackend();
});

describe('MADE', () => {
  const D = 4;
  const C = 2;
  const B = 8;

  function outputs(made: Made, y: Float32Array, c: Float32Array): Float32Array[][] {
    return tf.tidy(() =>
      made.apply(tf.tensor2d(y, [B, D]), tf.tensor2d(c, [B, C])).map((head) => {
        const [, , n] = head.shape;
        const data = head.dataSync() as Float32Array;
        // Per coordinate d: the (B · n_g) values of block d.
        return Array.from({ length: D }, (_, d) => {
          const block = new Float32Array(B * n);
          for (let b = 0; b < B; b++) for (let p = 0; p < n; p++) block[b * n + p] = data[(b * D + d) * n + p]!;
          return block;
        });
      }),
    );
  }

  it('is autoregressive in y and sees the context everywhere', () => {
    const made = new Made({ dim: D, contextDim: C, hidden: [24, 24], paramGroups: [3, 1], seed: 3 });
    // Large perturbation so no output is accidentally insensitive.
    perturbWeights({ trainableVariables: () => made.variables() }, 1, 2);
    const y = standardNormalArray(B * D, 1);
    const c = standardNormalArray(B * C, 2);
    const base = outputs(made, y, c);
    for (let j = 0; j < D; j++) {
      const moved = Float32Array.from(y);
      for (let b = 0; b < B; b++) moved[b * D + j]! += 3;
      const out = outputs(made, moved, c);
      out.forEach((head, g) => {
        for (let d = 0; d < D; d++) {
          if (d <= j) expect(head[d]).toEqual(base[g]![d]);
        }
        if (j < D - 1) {
          const changed = head.slice(j + 1).some((blk, i) => blk.some((v, k) => v !== base[g]![j + 1 + i]![k]));
          expect(changed).toBe(true);
        }
      });
    }
    const movedC = c.map((v) => v + 2);
    outputs(made, y, movedC).forEach((head, g) => {
      for (let d = 0; d < D; d++) expect(head[d]!.some((v, k) => v !== base[g]![d]![k])).toBe(true);
    });
    made.dispose();
  });
});
