/**
 * Errors raised by backends. `InferenceError` is defined once, in src/lang/errors.ts, and
 * re-exported here so `instanceof` works whichever module a caller imports it from.
 */
export { InferenceError } from '../lang/errors.js';
