/**
 * Options are checked at construction, before any simulation: a billion-simulation budget with a
 * bad option is refused at once (the test would time out if a single batch were simulated), with
 * an OptionError (an InferenceError) naming the option, the expected value, what it got, and a code.
 */
import { describe, expect, it } from 'vitest';
import { npe } from '../../src/backends/npe/index.js';
import { nle } from '../../src/backends/nle/index.js';
import { nre } from '../../src/backends/nre/index.js';
import { nbe } from '../../src/backends/nbe/index.js';
import { abc } from '../../src/backends/abc/index.js';
import { InferenceError, OptionError } from '../../src/backends/errors.js';
import { normalNormal } from '../amortized/models.js';

function refused(f: () => unknown): OptionError {
  const t0 = performance.now();
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(performance.now() - t0).toBeLessThan(200);
  expect(err).toBeInstanceOf(OptionError);
  expect(err).toBeInstanceOf(InferenceError);
  return err as OptionError;
}

const BILLION = 1_000_000_000;

describe('backend options are checked before simulating', () => {
  it('nle({ sampler: { chains: 7 } }) fails at construction', () => {
    const e = refused(() => nle({ simulations: BILLION, sampler: { chains: 7 } }));
    expect(e).toMatchObject({ backend: 'nle', option: 'sampler.chains', expected: 'an even whole number ≥ 8', got: 7, code: 'invalid-option' });
    expect(e.message).toMatch(/nle: option 'sampler.chains' is invalid\n {2}expected: an even whole number ≥ 8\n {2}got: 7/);
  });

  it.each([
    ['npe', () => npe({ simulations: BILLION, learningRate: -1 }), 'learningRate'],
    ['npe', () => npe({ simulations: 2.5 }), 'simulations'],
    ['nre', () => nre({ simulations: BILLION, batchSize: 0 }), 'batchSize'],
    ['nre', () => nre({ simulations: BILLION, sampler: { targetAccept: 1.5 } }), 'sampler.targetAccept'],
    ['nbe', () => nbe({ simulations: BILLION, validationFraction: 0.9 }), 'validationFraction'],
    ['nle', () => nle({ simulations: BILLION, patience: 0 }), 'patience'],
    ['abc', () => abc({ simulations: BILLION, accept: 0 }), 'accept'],
    ['abc', () => abc({ simulations: -3 }), 'simulations'],
  ] as const)('%s refuses %s', (backend, f, option) => {
    expect(refused(f)).toMatchObject({ backend, option });
  });

  it('train(model, opts) checks the merged options before simulating', async () => {
    const t0 = performance.now();
    await expect(npe({ simulations: BILLION }).train(normalNormal, { epochs: 0 })).rejects.toThrow(OptionError);
    expect(performance.now() - t0).toBeLessThan(5000); // the backend starts; no simulation runs
  });
});
