/**
 * The review's illustration (Zammit-Mangion, Sainsbury-Dale & Huser, arXiv 2404.12484): a
 * zero-mean, unit-variance Gaussian process with exponential covariance C(h) = exp(−‖h‖/θ), no
 * nugget, observed once on a 16 × 16 regular grid over [0, 1]², with θ ~ U(0, 0.6).
 *
 * This file holds what every backend and the exact reference share: the grid, a fast exact
 * simulator (circulant embedding: two 64 × 64 FFTs per field instead of a 256 × 256 Cholesky),
 * and the exact likelihood on a θ grid, where each Cholesky factor serves every data set.
 */
import { embed } from '../../src/runtime/gp/circulant-embedding.js';
import { cholesky, choleskyLogDet } from '../../src/runtime/linalg/cholesky.js';
import { solveLower } from '../../src/runtime/linalg/triangular.js';
import type { Rng } from '../../src/runtime/rng.js';

export const SIDE = 16;
export const CELLS = SIDE * SIDE;
export const SPACING = 1 / (SIDE - 1);
export const PRIOR_UPPER = 0.6;
const GRID = { rows: SIDE, cols: SIDE, spacing: SPACING };
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Euclidean distances between the 256 grid points, row-major (point index = row·16 + col). */
export function distanceMatrix(): Float64Array {
  const d = new Float64Array(CELLS * CELLS);
  for (let i = 0; i < CELLS; i++) {
    for (let j = 0; j < CELLS; j++) {
      d[i * CELLS + j] = SPACING * Math.hypot(Math.floor(i / SIDE) - Math.floor(j / SIDE), (i % SIDE) - (j % SIDE));
    }
  }
  return d;
}

/** The same, as nested rows, for interpolation into a model source. */
export function distanceRows(): number[][] {
  const d = distanceMatrix();
  return Array.from({ length: CELLS }, (_, i) => Array.from(d.subarray(i * CELLS, (i + 1) * CELLS)));
}

/** One exact field per θ (row-major 16 × 16 each), by circulant embedding. */
export function simulateFields(thetas: ArrayLike<number>, rng: Rng): Float64Array {
  const out = new Float64Array(thetas.length * CELLS);
  for (let i = 0; i < thetas.length; i++) {
    const theta = thetas[i]!;
    embed(GRID, (h) => Math.exp(-h / theta)).sample(rng, out, i * CELLS);
  }
  return out;
}

/**
 * log p(field_i | θ_g) for every field i and grid value θ_g: one Cholesky per θ_g, shared by all
 * fields (then one triangular solve per field). Returns n × G row-major.
 */
export function exactLogLikelihoodOnGrid(fields: Float64Array, thetas: ArrayLike<number>): Float64Array {
  const n = fields.length / CELLS;
  const grid = thetas.length;
  const out = new Float64Array(n * grid);
  const covariance = new Float64Array(CELLS * CELLS);
  const factor = new Float64Array(CELLS * CELLS);
  const whitened = new Float64Array(CELLS);
  const distances = distanceMatrix();
  for (let g = 0; g < grid; g++) {
    const theta = thetas[g]!;
    for (let k = 0; k < covariance.length; k++) covariance[k] = Math.exp(-distances[k]! / theta);
    if (!cholesky(covariance, CELLS, factor)) {
      for (let i = 0; i < n; i++) out[i * grid + g] = -Infinity;
      continue;
    }
    const halfLogDet = 0.5 * choleskyLogDet(factor, CELLS);
    for (let i = 0; i < n; i++) {
      solveLower(factor, CELLS, fields, whitened, 0, i * CELLS, 0);
      let quadratic = 0;
      for (let k = 0; k < CELLS; k++) quadratic += whitened[k]! * whitened[k]!;
      out[i * grid + g] = -0.5 * quadratic - halfLogDet - CELLS * HALF_LOG_2PI;
    }
  }
  return out;
}
