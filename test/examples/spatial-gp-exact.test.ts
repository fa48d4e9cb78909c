/**
 * The spatial-GP reference: the circulant-embedding simulator and the Cholesky likelihood are
 * written independently, so calibration of the exact grid posterior on simulated data checks both.
 */
import { describe, expect, it } from 'vitest';
import { exactLogLikelihoodOnGrid, PRIOR_UPPER, simulateFields } from '../../examples/spatial-gp/problem.js';
import { GridDensity } from '../../src/samplers/grid-density.js';
import { createRng } from '../../src/runtime/rng.js';

describe('spatial GP exact posterior on a θ grid', () => {
  it('is calibrated: the posterior CDF at the true θ is uniform over prior draws (KS test)', () => {
    const rng = createRng(2024);
    const sets = 60;
    const truths = Float64Array.from({ length: sets }, () => PRIOR_UPPER * rng.uniform());
    const fields = simulateFields(truths, rng);
    const edges = GridDensity.uniformEdges(0, PRIOR_UPPER, 240);
    const logLik = exactLogLikelihoodOnGrid(fields, GridDensity.midpoints(edges));
    const pit: number[] = [];
    for (let i = 0; i < sets; i++) {
      const posterior = new GridDensity(edges, logLik.subarray(i * 240, (i + 1) * 240)); // flat prior
      let cdf = 0;
      for (let g = 0; g < 240 && edges[g + 1]! <= truths[i]!; g++) cdf += posterior.mass[g]!;
      pit.push(cdf);
    }
    pit.sort((a, b) => a - b);
    let ks = 0;
    pit.forEach((p, k) => {
      ks = Math.max(ks, Math.abs(p - k / sets), Math.abs(p - (k + 1) / sets));
    });
    // KS critical value at α = 0.01 for n = 60 is 1.63/√60 ≈ 0.21.
    expect(ks).toBeLessThan(1.63 / Math.sqrt(sets));
  });

  it('concentrates near the truth: posterior sd is small and the mean is close for θ = 0.1, 0.3, 0.5', () => {
    const rng = createRng(5);
    const truths = Float64Array.of(0.1, 0.3, 0.5);
    const fields = simulateFields(truths, rng);
    const edges = GridDensity.uniformEdges(0, PRIOR_UPPER, 300);
    const logLik = exactLogLikelihoodOnGrid(fields, GridDensity.midpoints(edges));
    truths.forEach((truth, i) => {
      const posterior = new GridDensity(edges, logLik.subarray(i * 300, (i + 1) * 300));
      const sd = Math.sqrt(posterior.variance());
      expect(sd).toBeLessThan(0.25 * truth); // one 256-point field pins θ to within tens of percent
      expect(Math.abs(posterior.mean() - truth)).toBeLessThan(4 * sd);
    });
  });
});
