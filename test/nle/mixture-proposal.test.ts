/**
 * The Gaussian-mixture proposal the ensemble sampler's independence moves use: fitted by EM to
 * draws from a known two-component mixture it recovers the components, its density is normalised,
 * and its draws follow its own density.
 */
import { describe, expect, it } from 'vitest';
import { fitMixtureProposal } from '../../src/samplers/mixture-proposal.js';
import { createRng } from '../../src/runtime/rng.js';

// 0.3·N((−3, 0), diag(0.5², 1)) + 0.7·N((2, 1), [[1, 0.8], [0.8, 1]]).
function drawTruth(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal(), b = rng.normal();
    if (rng.uniform() < 0.3) { x[2 * i] = -3 + 0.5 * a; x[2 * i + 1] = b; }
    else { x[2 * i] = 2 + a; x[2 * i + 1] = 1 + 0.8 * a + 0.6 * b; }
  }
  return x;
}
function truthLogDensity(u: Float64Array): number {
  const g1 = Math.exp(-0.5 * (((u[0]! + 3) / 0.5) ** 2 + u[1]! ** 2)) / (2 * Math.PI * 0.5);
  const a = u[0]! - 2, b = u[1]! - 1, det = 1 - 0.64;
  const g2 = Math.exp(-0.5 * (a * a - 1.6 * a * b + b * b) / det) / (2 * Math.PI * Math.sqrt(det));
  return Math.log(0.3 * g1 + 0.7 * g2);
}

describe('mixture proposal', () => {
  it('with no widening and no defensive part, matches the true density where it has mass', () => {
    const x = drawTruth(4000, 1);
    const q = fitMixtureProposal(x, 0, 4000, 2, createRng(2), { components: 2, inflation: 1, defensiveWeight: 0, maxPoints: 4000 });
    // Mean |log q − log p| over fresh draws from p: EM's error at 4,000 points is a few hundredths.
    const test = drawTruth(2000, 3);
    let err = 0;
    for (let i = 0; i < 2000; i++) err += Math.abs(q.logDensity(test, 2 * i) - truthLogDensity(test.subarray(2 * i, 2 * i + 2))) / 2000;
    expect(err).toBeLessThan(0.05);
  });

  it('is normalised (widened, with the defensive component): ∫ q = 1 on a grid', () => {
    const x = drawTruth(3000, 4);
    const q = fitMixtureProposal(x, 0, 3000, 2, createRng(5), { components: 8, inflation: 1.5 });
    const h = 0.05;
    let total = 0;
    const u = new Float64Array(2);
    for (let a = -15; a <= 15; a += h) for (let b = -15; b <= 15; b += h) { u[0] = a; u[1] = b; total += Math.exp(q.logDensity(u)) * h * h; }
    expect(Math.abs(total - 1)).toBeLessThan(1e-3);
  });

  it('its draws follow its density: mean of log q over its draws equals −entropy by a grid', () => {
    const x = drawTruth(3000, 6);
    const q = fitMixtureProposal(x, 0, 3000, 2, createRng(7), { components: 4 });
    const rng = createRng(8);
    const u = new Float64Array(2);
    const n = 20_000;
    let m = 0, m2 = 0;
    for (let i = 0; i < n; i++) { q.sample(rng, u); const v = q.logDensity(u); m += v / n; m2 += v * v / n; }
    const se = Math.sqrt((m2 - m * m) / n);
    let negEntropy = 0;
    const h = 0.05;
    for (let a = -15; a <= 15; a += h) for (let b = -15; b <= 15; b += h) { u[0] = a; u[1] = b; const v = q.logDensity(u); negEntropy += Math.exp(v) * v * h * h; }
    expect(Math.abs(m - negEntropy)).toBeLessThan(4 * se);
  });
});
