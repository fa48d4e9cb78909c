/**
 * simplex (K entries, K - 1 free): Stan's stick-breaking transform.
 *
 * For k = 1..K-1: z_k = σ(u_k - log(K - k)), x_k = s_k z_k, s_{k+1} = s_k (1 - z_k), s_1 = 1; x_K = s_K.
 * The offset log(K - k) makes u = 0 map to the uniform simplex (z_k = 1/(K - k + 1)).
 * log|J| = Σ_k [log z_k + log(1 - z_k) + log s_k]  (the Jacobian of the K-1 free coordinates is triangular).
 */
import { sigmoid, softplus } from '../special.js';
import type { Bijector } from './types.js';

/** Tolerance on Σx = 1 when inverting (values built by users or by rounding rarely sum exactly). */
const SUM_TOLERANCE = 1e-8;

/** Stick lengths s_k for the backward pass, reused across calls (no allocation on the hot path). */
let sticks = new Float64Array(16);

export const simplexBijector: Bijector = {
  name: 'stick-breaking',
  unconstrainedSize: (n) => n - 1,
  forward(u, uOff, x, xOff, n) {
    let stick = 1;
    let logJ = 0;
    for (let k = 0; k < n - 1; k++) {
      const v = u[uOff + k]! - Math.log(n - k - 1);
      const z = sigmoid(v);
      // log s_k uses the stick before this break; log z + log(1-z) = -softplus(-v) - softplus(v).
      logJ += Math.log(stick) - softplus(-v) - softplus(v);
      x[xOff + k] = stick * z;
      stick *= sigmoid(-v);
    }
    x[xOff + n - 1] = stick;
    return logJ;
  },
  inverse(x, xOff, u, uOff, n) {
    let sum = 0;
    let ok = true;
    for (let k = 0; k < n; k++) {
      const xi = x[xOff + k]!;
      if (!(xi > 0)) ok = false;
      sum += xi;
    }
    if (!ok || !(Math.abs(sum - 1) <= SUM_TOLERANCE * Math.max(1, n))) {
      for (let k = 0; k < n - 1; k++) u[uOff + k] = NaN;
      return;
    }
    // Remaining stick as the sum of the entries still to come: no cancellation from 1 - Σ x_j.
    let stick = 0;
    for (let k = 0; k < n; k++) stick += x[xOff + k]!;
    for (let k = 0; k < n - 1; k++) {
      const xk = x[xOff + k]!;
      const rest = stick - xk;
      // logit(z_k) = log(x_k) - log(s_k - x_k).
      u[uOff + k] = Math.log(xk) - Math.log(rest) + Math.log(n - k - 1);
      stick = rest;
    }
  },
  backward(u, uOff, gx, gxOff, gu, guOff, n) {
    if (sticks.length < n) sticks = new Float64Array(2 * n);
    let stick = 1;
    for (let k = 0; k < n - 1; k++) {
      sticks[k] = stick;
      stick *= sigmoid(-(u[uOff + k]! - Math.log(n - k - 1)));
    }
    // Reverse sweep. sBar is the adjoint of s_{k+1}; x_K = s_K seeds it.
    let sBar = gx[gxOff + n - 1]!;
    for (let k = n - 2; k >= 0; k--) {
      const v = u[uOff + k]! - Math.log(n - k - 1);
      const z = sigmoid(v);
      const zm = sigmoid(-v);
      const s = sticks[k]!;
      const g = gx[gxOff + k]!;
      // x_k = s z, s_{k+1} = s (1 - z): ∂/∂z = s (g - sBar); dz/dv = z (1 - z); ∂logJ/∂v = 1 - 2z.
      gu[guOff + k]! += s * (g - sBar) * z * zm + (zm - z);
      sBar = g * z + sBar * zm + 1 / s;
    }
  },
};
