/**
 * Faults are data: a TypeScript simulator that throws or returns NaN for some θ has those
 * simulations dropped and counted, with the first failing θ and messages in the training set
 * (and so in the training record); past the fraction (default 0.5) training refuses with the count.
 */
import { describe, expect, it } from 'vitest';
import { model } from '../../src/lang/dsl.js';
import type { Rng } from '../../src/runtime/rng.js';
import { simulateTrainingSet, trainingSummary, DEFAULT_MAX_FAULT_FRACTION } from '../../src/backends/amortized/index.js';
import { npe } from '../../src/backends/npe/index.js';

/**
 * Throws for μ > 1 (P(μ > 1) under N(0, 1): 15.9 %), returns NaN for μ < −1.5 (6.7 %), which the
 * compiled model refuses with a ModelError: both count as thrown, 22.6 % in all.
 */
function flaky(rng: Rng, mu: number): number[] {
  if (mu > 1) throw new Error(`diverged at mu=${mu.toFixed(3)}`);
  if (mu < -1.5) return [NaN, 0, 0];
  return [mu + rng.normal(), mu + rng.normal(), mu + rng.normal()];
}
const m = model`
  param mu ~ normal(0, 1)
  data y: vector[3] = ${flaky}(mu)
`;

describe('simulation faults', () => {
  it('drops and counts thrown and NaN simulations, keeping the failing θ', () => {
    const n = 4000;
    const set = simulateTrainingSet(m.compile({}), n, { seed: 3 });
    const f = set.faults!;
    // Binomial counts: 4000 · 0.1587 ± 3 sd (sd ≈ 23), 4000 · 0.0668 ± 3 sd (sd ≈ 16).
    // Binomial count: 4000 · 0.2255 ± 3 sd (sd ≈ 26).
    expect(Math.abs(f.threw - n * 0.2255)).toBeLessThan(3 * Math.sqrt(n * 0.2255 * 0.7745));
    expect(f.nonFinite).toBe(0);
    expect(set.dropped).toBe(f.threw + f.nonFinite);
    expect(set.n).toBe(n - set.dropped);
    expect(set.total).toBe(n);
    expect(f.examples.length).toBe(5);
    for (const e of f.examples) {
      expect(e.theta).toHaveLength(1);
      if (/diverged/.test(e.message)) expect(e.theta[0]!).toBeGreaterThan(1);
      else { expect(e.message).toMatch(/is NaN/); expect(e.theta[0]!).toBeLessThan(-1.5); }
    }
    // Every kept θ lies where the simulator works.
    for (let i = 0; i < set.n; i++) expect(set.theta[i]! >= -1.5 && set.theta[i]! <= 1).toBe(true);
  });

  it('is deterministic in the seed', () => {
    const a = simulateTrainingSet(m.compile({}), 600, { seed: 9 });
    const b = simulateTrainingSet(m.compile({}), 600, { seed: 9 });
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
    expect(a.faults).toEqual(b.faults);
  });

  it('refuses past the stated fraction, naming the count and first θ', () => {
    expect(DEFAULT_MAX_FAULT_FRACTION).toBe(0.5);
    expect(() => simulateTrainingSet(m.compile({}), 500, { seed: 1, maxNonFiniteFraction: 0.1 }))
      .toThrow(/simulations failed \(\d+ threw, \d+ gave NaN or ±Inf\), more than the allowed 10%; first failures: θ = \[/);
  });

  it('records the faults in the training record and its summary', async () => {
    const est = await npe({ simulations: 600, epochs: 2, density: { kind: 'maf', hidden: [8], layers: 1 } }).train(m, { seed: 2 });
    const r = est.training!;
    expect(r.faults!.threw).toBeGreaterThan(0);
    expect(r.droppedSimulations).toBe(r.faults!.threw + r.faults!.nonFinite);
    expect(trainingSummary(r)).toMatch(/dropped \d+ of 600 simulations \(\d+ threw, \d+ gave NaN or ±Inf\)\n {2}at θ = \[/);
  }, 60_000);
});
