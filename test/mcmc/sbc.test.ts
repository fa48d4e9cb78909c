/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018) of the NUTS
 * sampler on conjugate models: draw θ* from the prior, data from the likelihood, sample the
 * posterior, record the rank of θ* among L thinned draws. For a correct sampler the rank is
 * uniform on {0..L}; a χ² test on a 10-bin histogram of 200 ranks (fixed seed) must not reject
 * at 0.1%. A negative control (sampling a deliberately wrong posterior) must be rejected.
 */
import { describe, expect, it } from 'vitest';
import { runNutsChain } from '../../src/backends/mcmc/nuts-chain.js';
import type { DensityTarget } from '../../src/backends/mcmc/target.js';
import { type Rng, createRng } from '../../src/runtime/rng.js';
import { chiSquareSurvival } from '../../src/runtime/special.js';
import { betaBinomialLogit, normalNormal } from './targets.js';

const REPS = 200;
const L = 99; // thinned draws per replication → ranks 0..99, 10 bins of 10
const THIN = 3;

function sbcPValue(seed: number, simulate: (rng: Rng) => { truth: number; target: DensityTarget }): number {
  const rng = createRng(seed);
  const bins = new Array(10).fill(0);
  for (let r = 0; r < REPS; r++) {
    const rr = rng.split();
    const { truth, target } = simulate(rr);
    const res = runNutsChain(target, { warmup: 200, draws: L * THIN, targetAccept: 0.8, maxTreeDepth: 10, metric: 'diag' }, rr);
    let rank = 0;
    for (let i = 0; i < L; i++) if (res.draws[(i + 1) * THIN - 1]! < truth) rank++;
    bins[Math.min(9, Math.floor(rank / 10))]++;
  }
  const expected = REPS / 10;
  const chi2 = bins.reduce((a, b) => a + (b - expected) ** 2 / expected, 0);
  return chiSquareSurvival(chi2, 9);
}

function normalNormalSim(samplerPriorSd: number) {
  return (rng: Rng) => {
    const mu = 2 * rng.normal();
    const y = Array.from({ length: 5 }, () => mu + rng.normal());
    return { truth: mu, target: normalNormal(y, 1, 0, samplerPriorSd).target };
  };
}

function betaBinomialSim(rng: Rng) {
  const a = 2, b = 3, n = 10;
  const ga = rng.gamma(a), gb = rng.gamma(b);
  const p = ga / (ga + gb);
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
  // Ranks are invariant under the monotone logit, so compare in unconstrained space.
  return { truth: Math.log(p / (1 - p)), target: betaBinomialLogit(a, b, n, k) };
}

describe('SBC rank test for NUTS', () => {
  it('normal-normal is calibrated', () => {
    expect(sbcPValue(101, normalNormalSim(2))).toBeGreaterThan(0.001);
  });
  it('beta-binomial in logit space (Jacobian by hand) is calibrated', () => {
    expect(sbcPValue(202, betaBinomialSim)).toBeGreaterThan(0.001);
  });
  it('rejects a sampler targeting the wrong posterior (prior sd 0.5 instead of 2)', () => {
    expect(sbcPValue(303, normalNormalSim(0.5))).toBeLessThan(0.001);
  });
});
