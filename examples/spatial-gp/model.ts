/**
 * The spatial GP as amortize models. Two forms of one model, sharing the parameter and prior:
 *
 * - `spatialGp`: the exact density, z ~ MVN(0, K(θ)), K_ij = exp(−d_ij / θ). NUTS runs on it; its
 *   gradient goes through the Cholesky factorisation's adjoint. One evaluation costs a 256 × 256
 *   factorisation, which is exactly the per-data-set cost amortization avoids.
 * - `spatialGpSimulator`: the same distribution drawn by circulant embedding (problem.ts), exact
 *   and ~50× cheaper than factorising, used to train the neural backends. It has no density, so
 *   only simulation-based backends accept it.
 */
import { model } from '../../src/lang/dsl.js';
import type { Rng } from '../../src/runtime/rng.js';
import { CELLS, distanceRows, PRIOR_UPPER, SIDE, simulateFields } from './problem.js';

export const spatialGp = model`
  // Exponential covariance on the 16×16 grid; distances interpolated from TypeScript.
  param theta ~ uniform(0, ${PRIOR_UPPER})
  let K = exp(-${distanceRows()} / theta)
  data z: vector[${CELLS}] ~ multi_normal(zeros(${CELLS}), K)
`;

function simulateField(rng: Rng, theta: unknown): Float64Array {
  return simulateFields([theta as number], rng);
}

export const spatialGpSimulator = model`
  param theta ~ uniform(0, ${PRIOR_UPPER})
  data z: matrix[${SIDE}, ${SIDE}] = ${simulateField}(theta)
`;

export default spatialGp;
