/**
 * Random variates shared by several samplers, in forms that survive extreme arguments:
 * log-gamma draws (so Dirichlet/beta with tiny concentrations do not underflow to 0/0) and an
 * exact binomial for large n (Knuth's order-statistic recursion, O(log n) beta draws).
 */
import type { Rng } from '../rng.js';

/** log of a Gamma(shape, 1) draw; for shape < 1 uses log G(a+1) + log(U)/a, which never underflows. */
export function logGammaVariate(rng: Rng, shape: number): number {
  if (shape >= 1) return Math.log(rng.gamma(shape));
  return Math.log(rng.gamma(shape + 1)) + Math.log(rng.uniform()) / shape;
}

/** Beta(a, b) via log-gamma draws: x = 1 / (1 + exp(log G_b - log G_a)). */
export function betaVariate(rng: Rng, a: number, b: number): number {
  const la = logGammaVariate(rng, a);
  const lb = logGammaVariate(rng, b);
  const d = lb - la;
  return d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
}

/**
 * Binomial(n, p), exact. While n is large, draw the a-th order statistic X ~ Beta(a, n + 1 - a) of n
 * uniforms (a = n/2 + 1): if X ≤ p, those a are successes and the other n - a uniforms are uniform
 * on (X, 1); otherwise only the a - 1 below X can succeed, uniform on (0, X) (Knuth, TAOCP 3.4.1).
 * Small n: count Bernoulli successes.
 */
export function binomialVariate(rng: Rng, n: number, p: number): number {
  let k = 0;
  while (n > 64) {
    if (p <= 0) return k;
    if (p >= 1) return k + n;
    const a = 1 + (n >> 1);
    const x = betaVariate(rng, a, n + 1 - a);
    if (x <= p) {
      k += a;
      n -= a;
      p = (p - x) / (1 - x);
    } else {
      n = a - 1;
      p = p / x;
    }
  }
  for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
  return k;
}
