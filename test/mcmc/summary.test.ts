import { describe, expect, it } from 'vitest';
import { essBulk, essTail, mcseMean, pooledQuantile, rhat, summarizeScalar } from '../../src/diagnostics/mcmc/index.js';
import { autocovariance, essRaw } from '../../src/diagnostics/mcmc/index.js';
import { createRng } from '../../src/runtime/rng.js';

function ar1Chains(m: number, n: number, rho: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  const s = Math.sqrt(1 - rho * rho);
  return Array.from({ length: m }, (_, c) => {
    const out = new Float64Array(n);
    let x = rng.normal();
    for (let i = 0; i < n; i++) { x = rho * x + s * rng.normal(); out[i] = x + 0.1 * c; }
    return out;
  });
}

const close = (a: number, b: number): void => {
  if (Number.isNaN(b)) expect(a).toBeNaN();
  else expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(b)));
};

describe('one-pass summary', () => {
  // Even and odd lengths (odd: splitting drops the middle draw, so the bulk ranks are re-sorted),
  // mixing and sticky chains (sticky: Geyer's sequence runs past the direct lags into the FFT).
  for (const [n, rho] of [[1000, 0.3], [501, 0.5], [400, 0.995]] as const) {
    it(`equals the separate estimators (n = ${n}, ρ = ${rho})`, () => {
      const ch = ar1Chains(4, n, rho, 7);
      const s = summarizeScalar(ch);
      close(s.rhat, rhat(ch));
      close(s.essBulk, essBulk(ch));
      close(s.essTail, essTail(ch));
      close(s.mcse, mcseMean(ch));
      close(s.q5, pooledQuantile(ch, 0.05));
      close(s.q95, pooledQuantile(ch, 0.95));
    });
  }
  it('ties and constants: NaN diagnostics for a constant, finite ones with heavy ties', () => {
    const c = [new Float64Array(100).fill(2), new Float64Array(100).fill(2)];
    const s = summarizeScalar(c);
    expect(s.rhat).toBeNaN();
    expect(s.essBulk).toBeNaN();
    expect(s.mcse).toBe(0);
    const ties = ar1Chains(4, 300, 0.2, 3).map((x) => x.map((v) => Math.round(v)));
    close(summarizeScalar(ties).rhat, rhat(ties));
    close(summarizeScalar(ties).essBulk, essBulk(ties));
  });
});

describe('lazy lags in essRaw', () => {
  it('direct-sum lags equal the FFT autocovariance', () => {
    // ESS from the FFT alone, by the textbook formula, on a chain whose sequence stops early.
    const ch = ar1Chains(1, 2000, 0.6, 11);
    const ac = autocovariance(ch[0]!);
    // Theoretical τ for AR(1) is (1+ρ)/(1−ρ) = 4; ESS ≈ 500 within Monte Carlo error.
    const ess = essRaw(ch);
    expect(ess).toBeGreaterThan(300);
    expect(ess).toBeLessThan(800);
    expect(ac[0]).toBeGreaterThan(0);
  });
});
