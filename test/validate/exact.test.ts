/**
 * The validation suite's mechanics and the NPE defaults' accuracy on an exact-posterior problem
 * that no default was set on (bench/validate/exact-problems.ts): normal mean, 10,000 simulations,
 * training seed 1, 8 data sets. Goals of issue 16: data-set-averaged |mean z| ≤ 0.1 and sd ratio
 * within 5 %. Monte Carlo error of 10,000 draws per data set, averaged over 8: 0.004 in z and
 * 0.25 % in the sd ratio, so the tolerances below measure the network (seeded: deterministic).
 */
import { describe, expect, it } from 'vitest';
import { EXACT_PROBLEMS } from '../../bench/validate/exact-problems.js';
import { dataRows, runExactCell } from '../../bench/validate/exact.js';

describe('exact-posterior validation', () => {
  it.each([['correlated-mvn', 1], ['linear-regression', 4], ['normal-mean', 9]] as const)(
    'the closed form of %s obeys the variance decomposition Var θ = E Var(θ | x) + Var E(θ | x)',
    (name, priorVar) => {
      // 4,000 prior-predictive data sets: the variance of the posterior means has relative sd
      // √(2/4000) ≈ 2.2 %, so 8 % of the prior variance is ~4 sd.
      const p = EXACT_PROBLEMS.find((q) => q.name === name)!;
      const rows = dataRows(p, 4000, 5);
      const ex = rows.map((r) => p.exact(r));
      for (let j = 0; j < ex[0]!.mean.length; j++) {
        const means = ex.map((e) => e.mean[j]!);
        const mu = means.reduce((a, b) => a + b, 0) / means.length;
        const varMeans = means.reduce((a, b) => a + (b - mu) ** 2, 0) / (means.length - 1);
        const meanVar = ex.reduce((a, e) => a + e.sd[j]! ** 2, 0) / ex.length;
        expect(Math.abs(varMeans + meanVar - priorVar) / priorVar).toBeLessThan(0.08);
      }
    },
  );

  it('NPE defaults: normal mean at 10k simulations within 0.1 sd and 5 % in sd', async () => {
    const p = EXACT_PROBLEMS.find((q) => q.name === 'normal-mean')!;
    const c = await runExactCell(p, 'NPE', 10_000, 1, 8);
    expect(c.z).toHaveLength(8);
    expect(Math.abs(c.meanZ)).toBeLessThan(0.1);
    expect(Math.abs(c.meanSdRatio - 1)).toBeLessThan(0.05);
    expect(c.training!.stopReason).toBe('early-stopping');
  }, 240_000);
});
