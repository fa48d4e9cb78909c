import { describe, expect, it } from 'vitest';
import { histogram, kde, rankCounts } from '../../src/plots/index.js';
import { createRng } from '../../src/runtime/rng.js';

describe('plot data helpers', () => {
  const rng = createRng(3);
  const xs = Float64Array.from({ length: 5000 }, () => rng.normal());

  it('histogram densities integrate to 1 and count every finite value', () => {
    const bins = histogram(Float64Array.of(...xs, NaN, Infinity));
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(5000);
    expect(bins.reduce((s, b) => s + b.density * (b.x1 - b.x0), 0)).toBeCloseTo(1, 10);
  });

  it('the KDE of normal draws is close to the normal density at 0', () => {
    const curve = kde(xs, 81);
    const atZero = curve.reduce((best, p) => (Math.abs(p.x) < Math.abs(best.x) ? p : best));
    expect(atZero.density).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 1);
  });

  it('rank counts: every draw counted once, chains from one distribution look flat', () => {
    const chains = [0, 1, 2, 3].map(() => Float64Array.from({ length: 1000 }, () => rng.normal()));
    const counts = rankCounts(chains, 10);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(4000);
    for (const c of counts.flat()) expect(Math.abs(c - 100)).toBeLessThan(45);
    const shifted = rankCounts([chains[0]!, chains[1]!.map((v) => v + 3)], 10);
    expect(shifted[1]![9]).toBeGreaterThan(150); // the shifted chain owns the top ranks
  });
});
