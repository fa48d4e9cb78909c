/**
 * (lower, ∞): x = lower + exp(u), log|J| = Σ u. With lower = 0 this is the `positive` (log) bijector.
 * Inverse of a value on or below the bound is NaN, per the contract.
 */
import type { Bijector } from './types.js';

export function lowerBoundBijector(lower: number): Bijector {
  return {
    name: lower === 0 ? 'log' : `lower(${lower})`,
    unconstrainedSize: (n) => n,
    forward(u, uOff, x, xOff, n) {
      let logJ = 0;
      for (let i = 0; i < n; i++) {
        const ui = u[uOff + i]!;
        x[xOff + i] = lower + Math.exp(ui);
        logJ += ui;
      }
      return logJ;
    },
    inverse(x, xOff, u, uOff, n) {
      for (let i = 0; i < n; i++) {
        const d = x[xOff + i]! - lower;
        u[uOff + i] = d > 0 ? Math.log(d) : NaN;
      }
    },
    backward(u, uOff, gx, gxOff, gu, guOff, n) {
      // ∂x/∂u = exp(u); ∂ log|J| / ∂u = 1.
      for (let i = 0; i < n; i++) gu[guOff + i]! += gx[gxOff + i]! * Math.exp(u[uOff + i]!) + 1;
    },
  };
}

/** (0, ∞). */
export const logBijector: Bijector = lowerBoundBijector(0);
