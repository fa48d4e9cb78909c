/**
 * Checks of the options every amortized backend shares (training, and the batched sampler of
 * NLE/NRE), run by the factories at construction and by `train` before simulating: a bad value is
 * an OptionError naming the option, what is expected and what was given.
 */
import { OptionError } from '../errors.js';
import type { AmortizedTrainOptions } from './train-options.js';

type Rule = [expected: string, ok: (v: number) => boolean];

const INT_GE = (k: number): Rule => [`a whole number ≥ ${k}`, (v) => Number.isInteger(v) && v >= k];
const POSITIVE: Rule = ['a finite number > 0', (v) => Number.isFinite(v) && v > 0];
const NONNEG: Rule = ['a finite number ≥ 0', (v) => Number.isFinite(v) && v >= 0];

const TRAIN_RULES: Record<string, Rule> = {
  simulations: INT_GE(2),
  epochs: INT_GE(1),
  batchSize: INT_GE(1),
  learningRate: POSITIVE,
  weightDecay: NONNEG,
  patience: ['a whole number ≥ 1 or Infinity', (v) => v === Infinity || (Number.isInteger(v) && v >= 1)],
  validationFraction: ['a fraction in (0, 0.5]', (v) => v > 0 && v <= 0.5],
  maxNonFiniteFraction: ['a fraction in [0, 1]', (v) => v >= 0 && v <= 1],
  seed: ['a finite number', (v) => Number.isFinite(v)],
};

const SAMPLER_RULES: Record<string, Rule> = {
  draws: INT_GE(1),
  chains: ['an even whole number ≥ 8', (v) => Number.isInteger(v) && v >= 8 && v % 2 === 0],
  warmup: INT_GE(0),
  minWarmup: INT_GE(0),
  maxSharedFraction: ['a fraction in [0, 1]', (v) => v >= 0 && v <= 1],
  thin: INT_GE(1),
  candidatesPerChain: INT_GE(1),
  targetAccept: ['a number in (0, 1)', (v) => v > 0 && v < 1],
  rhatThreshold: ['a number > 1', (v) => v > 1],
  driftThreshold: POSITIVE,
};

function checkRules(backend: string, o: Record<string, unknown>, rules: Record<string, Rule>, prefix = ''): void {
  for (const [k, [expected, ok]] of Object.entries(rules)) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !ok(v)) throw new OptionError(backend, prefix + k, expected, v);
  }
}

/** The shared training options, and `sampler` where the backend has one. */
export function checkAmortizedOptions(backend: string, o: AmortizedTrainOptions & { sampler?: unknown; draws?: unknown }): void {
  if (o === null || typeof o !== 'object') throw new OptionError(backend, '(options)', 'an object', o);
  checkRules(backend, o as Record<string, unknown>, TRAIN_RULES);
  if (o.draws !== undefined) checkRules(backend, { draws: o.draws }, { draws: INT_GE(1) });
  if (o.sampler !== undefined) {
    if (o.sampler === null || typeof o.sampler !== 'object') throw new OptionError(backend, 'sampler', 'an object of sampler options', o.sampler);
    checkRules(backend, o.sampler as Record<string, unknown>, SAMPLER_RULES, 'sampler.');
  }
}
