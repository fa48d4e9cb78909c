/** real: x = u, log|J| = 0. */
import type { Bijector } from './types.js';

export const identityBijector: Bijector = {
  name: 'identity',
  unconstrainedSize: (n) => n,
  forward(u, uOff, x, xOff, n) {
    for (let i = 0; i < n; i++) x[xOff + i] = u[uOff + i]!;
    return 0;
  },
  inverse(x, xOff, u, uOff, n) {
    for (let i = 0; i < n; i++) u[uOff + i] = x[xOff + i]!;
  },
  backward(_u, _uOff, gx, gxOff, gu, guOff, n) {
    for (let i = 0; i < n; i++) gu[guOff + i]! += gx[gxOff + i]!;
  },
};
