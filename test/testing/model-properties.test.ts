/**
 * amortize/testing on whole models (hand-written CompiledModels, as a user would run it on a
 * compiled one): the properties pass on correct models and fail, with a useful message, on models
 * with a deliberate bug.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitraryDataset, arbitraryUnconstrained, assertModelGradient, assertModelSimulator, checkModelGradient, checkModelPriorGradient,
  assertModelProperties, checkModelRoundTrip, checkModelSimulator,
} from '../../src/testing/index.js';
import { createRng } from '../../src/runtime/rng.js';
import { coin, normalNormal } from './fixtures/hand-models.js';

describe('model gradient property', () => {
  it('holds for a correct model at arbitrary points and simulated data sets', () => {
    const m = normalNormal();
    fc.assert(
      fc.property(arbitraryUnconstrained(m), arbitraryDataset(m, 'grad'), (u, d) => {
        assertModelGradient(m, u, d.x);
        expect(checkModelPriorGradient(m, u).ok).toBe(true);
      }),
      { seed: 1, numRuns: 100 },
    );
    const c = coin();
    fc.assert(
      fc.property(arbitraryUnconstrained(c), arbitraryDataset(c, 'coin'), (u, d) => assertModelGradient(c, u, d.x)),
      { seed: 1, numRuns: 100 },
    );
  });

  it('fails with a message naming the coordinate when a gradient is wrong', () => {
    const m = normalNormal({ gradFactor: 1.01 });
    const sim = m.simulate(1, createRng('fixture'));
    const r = checkModelGradient(m, Float64Array.of(0.3, -0.2), sim.x);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/∂\/∂u\(mu\)/);
    expect(r.message).not.toMatch(/∂\/∂u\(sigma\)/);
  });
});

describe('model simulator property', () => {
  it('holds for correct models (continuous and discrete data), with exact prior moments', () => {
    const r = checkModelSimulator(normalNormal(), {
      seed: 3,
      priorMoments: { mu: { mean: 0, variance: 4 }, sigma: { mean: Math.sqrt(2 / Math.PI), variance: 1 - 2 / Math.PI } },
    });
    expect(r.ok, r.message).toBe(true);
    assertModelSimulator(coin(), { seed: 3, priorMoments: { p: { mean: 0.5, variance: 0.05 } } });
  });

  it('catches a simulator whose noise scale disagrees with the likelihood', () => {
    const r = checkModelSimulator(normalNormal({ noiseFactor: 1.2 }), { seed: 3 });
    expect(r.ok).toBe(false);
    // Both the parameter score (via sigma) and the data score (w = y - y') see it.
    expect(r.message).toMatch(/∂ log likelihood \/ ∂u\(sigma\)/);
    expect(r.message).toMatch(/∂ log p \/ ∂y\[1\]/);
  });

  it('catches a logPrior that forgets log|J|', () => {
    const r = checkModelSimulator(normalNormal({ dropJacobian: true }), { seed: 3 });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/u\(sigma\) · ∂ log prior/);
  });

  it('catches a simulator whose prior differs from the density', () => {
    const r = checkModelSimulator(normalNormal({ priorScale: 2.3 }), { seed: 3 });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/u\(mu\)/);
  });
});

describe('model round trip and the all-in-one assertion', () => {
  it('pass on correct hand-written models', () => {
    assertModelProperties(normalNormal(), { seed: 2 });
    assertModelProperties(coin(), { seed: 2 });
  });

  it('a round trip that breaks is reported with the coordinate', () => {
    const m = normalNormal();
    const broken = { ...m, toUnconstrained: (theta: Float64Array) => Float64Array.of(theta[0]!, theta[1]!) };
    const r = checkModelRoundTrip(broken, Float64Array.of(0.5, 1));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/coordinate 1/);
    expect(() => assertModelProperties(broken, { seed: 2 })).toThrow(/round trip/);
  });
});
