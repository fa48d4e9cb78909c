/**
 * Hand-written targets for the samplers (plain objects, no compiler involved): each gives the
 * log density and its gradient in unconstrained space, with the exact posterior moments.
 */
import type { DensityTarget } from '../../src/backends/mcmc/target.js';

function make(dim: number, f: (u: Float64Array, g: Float64Array) => number): DensityTarget {
  const scratch = new Float64Array(dim);
  return { dim, logDensityGrad: f, logDensity: (u) => f(u, scratch) };
}

/** N(0, I_d). */
export function standardNormal(d: number): DensityTarget {
  return make(d, (u, g) => {
    let s = 0;
    for (let i = 0; i < d; i++) { s += u[i]! * u[i]!; g[i] = -u[i]!; }
    return -0.5 * s;
  });
}

/** N(mean, diag(sd²)). */
export function diagNormal(mean: number[], sd: number[]): DensityTarget {
  const d = mean.length;
  return make(d, (u, g) => {
    let s = 0;
    for (let i = 0; i < d; i++) {
      const z = (u[i]! - mean[i]!) / sd[i]!;
      s += z * z;
      g[i] = -z / sd[i]!;
    }
    return -0.5 * s;
  });
}

/** Bivariate normal, unit variances, correlation rho. */
export function correlatedNormal(rho: number): DensityTarget {
  const det = 1 - rho * rho;
  return make(2, (u, g) => {
    const x = u[0]!, y = u[1]!;
    g[0] = -(x - rho * y) / det;
    g[1] = -(y - rho * x) / det;
    return -0.5 * (x * x - 2 * rho * x * y + y * y) / det;
  });
}

/**
 * Normal-normal: μ ~ N(m0, s0²), y_i ~ N(μ, σ²) i = 1..n. Posterior N(mn, sn²).
 */
export function normalNormal(y: number[], sigma: number, m0: number, s0: number): { target: DensityTarget; mean: number; sd: number } {
  const prec = 1 / (s0 * s0) + y.length / (sigma * sigma);
  const mean = (m0 / (s0 * s0) + y.reduce((a, b) => a + b, 0) / (sigma * sigma)) / prec;
  const target = make(1, (u, g) => {
    const mu = u[0]!;
    let lp = -0.5 * ((mu - m0) / s0) ** 2;
    let dg = -(mu - m0) / (s0 * s0);
    for (const yi of y) { lp -= 0.5 * ((yi - mu) / sigma) ** 2; dg += (yi - mu) / (sigma * sigma); }
    g[0] = dg;
    return lp;
  });
  return { target, mean, sd: Math.sqrt(1 / prec) };
}

/**
 * Beta-binomial in logit space: p ~ Beta(a, b), k ~ Binomial(n, p), u = logit(p).
 * log π(u) = (a + k) log p + (b + n − k) log(1 − p), the Jacobian p(1−p) included.
 */
export function betaBinomialLogit(a: number, b: number, n: number, k: number): DensityTarget {
  return make(1, (u, g) => {
    const x = u[0]!;
    // log p = −log(1+e^{−x}), log(1−p) = −log(1+e^{x}), computed stably.
    const logP = -softplus(-x);
    const log1mP = -softplus(x);
    const p = 1 / (1 + Math.exp(-x));
    g[0] = (a + k) * (1 - p) - (b + n - k) * p;
    return (a + k) * logP + (b + n - k) * log1mP;
  });
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Neal's funnel-ish: v ~ N(0, 1.5²), x_i ~ N(0, e^{v}) — mild enough to be sampled without divergences most of the time. */
export function funnel(d: number, vScale = 1.5): DensityTarget {
  return make(d + 1, (u, g) => {
    const v = u[0]!;
    let lp = -0.5 * (v / vScale) ** 2;
    let gv = -v / (vScale * vScale);
    const ev = Math.exp(-v);
    for (let i = 1; i <= d; i++) {
      const x = u[i]!;
      lp += -0.5 * x * x * ev - 0.5 * v;
      gv += 0.5 * x * x * ev - 0.5;
      g[i] = -x * ev;
    }
    g[0] = gv;
    return lp;
  });
}
