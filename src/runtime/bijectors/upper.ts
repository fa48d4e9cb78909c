/** (-∞, upper): x = upper - exp(u), log|J| = Σ u. */
import type { Bijector } from './types.js';

export function upperBoundBijector(upper: number): Bijector {
  return {
    name: `upper(${upper})`,
    unconstrainedSize: (n) => n,
    forward(u, uOff, x, xOff, n) {
      let logJ = 0;
      for (let i = 0; i < n; i++) {
        const ui = u[uOff + i]!;
        x[xOff + i] = upper - Math.exp(ui);
        logJ += ui;
      }
      return logJ;
    },
    inverse(x, xOff, u, uOff, n) {
      for (let i = 0; i < n; i++) {
        const d = upper - x[xOff + i]!;
        u[uOff + i] = d > 0 ? Math.log(d) : NaN;
      }
    },
    backward(u, uOff, gx, gxOff, gu, guOff, n) {
      for (let i = 0; i < n; i++) gu[guOff + i]! += -gx[gxOff + i]! * Math.exp(u[uOff + i]!) + 1;
    },
  };
}
