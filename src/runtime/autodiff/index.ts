/**
 * The float64 reverse-mode runtime that generated log-density code calls as `R.*`.
 * Each forward function has an adjoint that ADDS into its output adjoints.
 */
import * as matrix from './matrix.js';
import * as chol from './cholesky.js';
import * as tri from './triangular.js';
import * as scalar from './scalar.js';

export const autodiffRuntime = { ...matrix, ...chol, ...tri, ...scalar };
export type AutodiffRuntime = typeof autodiffRuntime;
export { matrix, chol, tri, scalar };
