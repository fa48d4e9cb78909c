/**
 * (lower, upper): x = lower + (upper - lower) σ(u).
 * log|J| = log(upper - lower) + log σ(u) + log σ(-u) = log(upper - lower) - softplus(u) - softplus(-u),
 * written with softplus so that |u| up to ~700 neither overflows nor rounds to log 0.
 * With (0, 1) this is the `unit` (logit) bijector.
 */
import { sigmoid, softplus } from '../special.js';
import type { Bijector } from './types.js';

export function intervalBijector(lower: number, upper: number): Bijector {
  const width = upper - lower;
  const logWidth = Math.log(width);
  return {
    name: lower === 0 && upper === 1 ? 'logit' : `interval(${lower}, ${upper})`,
    unconstrainedSize: (n) => n,
    forward(u, uOff, x, xOff, n) {
      let logJ = 0;
      for (let i = 0; i < n; i++) {
        const ui = u[uOff + i]!;
        // Map from the nearer end so x stays strictly inside (lower, upper) as long as possible.
        x[xOff + i] = ui < 0 ? lower + width * sigmoid(ui) : upper - width * sigmoid(-ui);
        logJ += logWidth - softplus(ui) - softplus(-ui);
      }
      return logJ;
    },
    inverse(x, xOff, u, uOff, n) {
      for (let i = 0; i < n; i++) {
        const xi = x[xOff + i]!;
        // logit((x - lower)/width) = log(x - lower) - log(upper - x), exact at both ends.
        u[uOff + i] = xi > lower && xi < upper ? Math.log(xi - lower) - Math.log(upper - xi) : NaN;
      }
    },
    backward(u, uOff, gx, gxOff, gu, guOff, n) {
      for (let i = 0; i < n; i++) {
        const s = sigmoid(u[uOff + i]!);
        const sm = sigmoid(-u[uOff + i]!);
        // ∂x/∂u = width σ(u) σ(-u); ∂ log|J| / ∂u = σ(-u) - σ(u).
        gu[guOff + i]! += gx[gxOff + i]! * width * s * sm + (sm - s);
      }
    },
  };
}

/** (0, 1). */
export const logitBijector: Bijector = intervalBijector(0, 1);
