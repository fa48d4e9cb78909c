/**
 * Regression: NPE's draws for different data sets must come from independent base noise.
 *
 * The bug: `sampleU` pushed ONE base-noise sample z_1..z_n through the flow for every data set of a
 * batch. Each posterior on its own was fine, but the draws of all data sets in a batch were the same
 * quantiles of their posteriors, so the errors of that single noise sample repeated in every data
 * set. Calibration pools data sets, so SBC saw them as systematic: with n = 100 draws the SBC rank
 * histogram's bin probabilities are sums of uniform spacings (≈ 5 of them per bin at 20 bins, CV
 * ≈ 1/√5) instead of 1/20, and the χ² statistic on N data sets grows like N·B·Σ Var(p_b) ≈ 0.2·N
 * (≈ 200 on df 19 at N = 1000) — on the README's regression a 500-simulation check gave SBC
 * p < 0.01 for alpha and beta and 50% intervals for beta covering 35%, after training that is
 * calibrated when checked with independent noise.
 *
 * Checks, on normal-normal (exact posterior N(Σy/6, 1/6)), a small MAF (~10 s on one core):
 * 1. Two data sets in one batch: their draws, standardised by the exact posterior, are
 *    uncorrelated, |r| < 4/√n (r's sd is 1/√n under independence; the bug gives r ≈ 1).
 * 2. `calibrate` on 1,000 fresh data sets × 100 draws in ONE batch passes: SBC p-values above
 *    0.001 and every coverage within 3.5 binomial standard errors, |z| < 3.5.
 * 3. The same check on the same network with the old shared noise fails by far (χ² p < 1e-6), so
 *    check 2 would have caught the bug.
 * 4. Draws stay a function of (seed, data set) alone: the same alone, in a batch, in any order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dataSetSeed, npe, Npe } from '../../src/backends/npe/index.js';
import { DataEncoder } from '../../src/backends/amortized/index.js';
import { normalNormal, normalNormalPosterior } from '../amortized/models.js';
import type { CalibrationReport } from '../../src/diagnostics/report.js';

/** The pre-fix behaviour: every data set of a batch gets the same base-noise seed. */
class SharedNoiseNpe extends Npe {
  constructor(base: Npe) {
    super(base.fingerprint, base.estimator, base.training, base.dataDim, base.draws);
    this.model = base.model;
  }
  override sampleUnconstrained(xs: Float64Array[], n: number, seed: number): Float32Array {
    const x = DataEncoder.stack(xs, this.dataDim);
    const ctx = this.encoder.encode(x);
    try {
      return this.estimator.sampleU(ctx, n, xs.map(() => seed));
    } finally {
      x.dispose();
      ctx.dispose();
    }
  }
}

function worstOf(r: CalibrationReport) {
  const p = r.parameters[0]!;
  if (p.sbc === null) throw new Error('expected SBC');
  return { minP: Math.min(p.sbc.chiSquareP, p.sbc.ecdfP, p.sbc.ksP), chiP: p.sbc.chiSquareP, maxZ: Math.max(...p.coverage.map((c) => Math.abs(c.z))) };
}

describe('NPE calibration regression (independent base noise per data set)', () => {
  let est: Npe;
  beforeAll(async () => {
    est = await npe({ simulations: 4000, density: { kind: 'maf', hidden: [32, 32], layers: 2 }, epochs: 40, batchSize: 256, learningRate: 2e-3 })
      .train(normalNormal, { seed: 1 });
  }, 60_000);

  it('draws of different data sets in one batch are uncorrelated (shared noise: r ≈ 1)', () => {
    const ys = [Float64Array.from([0.3, -1.2, 0.8, 0.1, 1.5]), Float64Array.from([2.1, 1.7, 2.4, 0.9, 1.8])];
    const n = 2000;
    /** Pearson correlation of the two data sets' draws, each standardised by its exact posterior. */
    const corr = (u: Float32Array) => {
      const [a, b] = ys.map((y, k) => {
        const { mean, sd } = normalNormalPosterior(y);
        return Array.from(u.subarray(k * n, (k + 1) * n), (v) => (v - mean) / sd);
      }) as [number[], number[]];
      const ma = a.reduce((s, v) => s + v, 0) / n, mb = b.reduce((s, v) => s + v, 0) / n;
      let sab = 0, saa = 0, sbb = 0;
      for (let i = 0; i < n; i++) { sab += (a[i]! - ma) * (b[i]! - mb); saa += (a[i]! - ma) ** 2; sbb += (b[i]! - mb) ** 2; }
      return sab / Math.sqrt(saa * sbb);
    };
    expect(Math.abs(corr(est.sampleUnconstrained(ys, n, 7)))).toBeLessThan(4 / Math.sqrt(n));
    expect(corr(new SharedNoiseNpe(est).sampleUnconstrained(ys, n, 7))).toBeGreaterThan(0.9);
  });

  it("a data set's draws depend on the seed and its values, not on the batch or its order", () => {
    const ys = [Float64Array.from([0.3, -1.2, 0.8, 0.1, 1.5]), Float64Array.from([2.1, 1.7, 2.4, 0.9, 1.8]), Float64Array.from([-1, 0, 1, 0, -1])];
    const n = 50;
    const forward = est.sampleUnconstrained(ys, n, 3);
    const reversed = est.sampleUnconstrained([...ys].reverse(), n, 3);
    ys.forEach((y, k) => {
      expect(reversed.subarray((2 - k) * n, (3 - k) * n)).toEqual(forward.subarray(k * n, (k + 1) * n));
      expect(est.sampleUnconstrained([y], n, 3)).toEqual(forward.subarray(k * n, (k + 1) * n));
    });
    expect(dataSetSeed(3, ys[0]!)).toBe(dataSetSeed(3, Array.from(ys[0]!)));
    expect(dataSetSeed(3, ys[0]!)).not.toBe(dataSetSeed(4, ys[0]!));
    expect(dataSetSeed(3, ys[0]!)).not.toBe(dataSetSeed(3, ys[1]!));
  });

  it('passes SBC and coverage on 1,000 data sets in one batch; shared noise fails the same check', async () => {
    const opts = { simulations: 1000, draws: 100, seed: 5 };
    const good = worstOf(await est.calibrate(opts));
    expect(good.minP).toBeGreaterThan(1e-3);
    expect(good.maxZ).toBeLessThan(3.5);
    const shared = worstOf(await new SharedNoiseNpe(est).calibrate(opts));
    expect(shared.chiP).toBeLessThan(1e-6);
  });
});
