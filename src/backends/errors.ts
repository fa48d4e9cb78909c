/**
 * Errors raised by backends. `InferenceError` is defined once, in src/lang/errors.ts, and
 * re-exported here so `instanceof` works whichever module a caller imports it from.
 *
 * `OptionError` is the InferenceError of a backend option that is wrong: it names the option
 * (dotted path, e.g. 'sampler.chains'), what was expected and what was got, with a stable `code`
 * for programs, like DataError's fields. Factories raise it at construction, before any
 * simulation, so a typo never costs the simulation budget.
 */
import { InferenceError } from '../lang/errors.js';

export { InferenceError };

export type InferenceErrorCode = 'invalid-option' | 'unknown-option';

export class OptionError extends InferenceError {
  constructor(
    readonly backend: string,
    readonly option: string,
    readonly expected: string,
    readonly got: unknown,
    readonly code: InferenceErrorCode = 'invalid-option',
  ) {
    super(`${backend}: option '${option}' ${code === 'unknown-option' ? 'is not an option of this backend' : 'is invalid'}\n  expected: ${expected}\n  got: ${describe(got)}`);
  }
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try { return JSON.stringify(v); } catch { return String(v); }
}
