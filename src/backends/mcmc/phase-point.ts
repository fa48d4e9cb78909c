/**
 * A point in phase space and the leapfrog integrator (Stan's ps_point / expl_leapfrog).
 * H(q, p) = −log π(q) + ½ pᵀ M⁻¹ p. The gradient at q is stored with the point so a leapfrog
 * step costs exactly one gradient evaluation.
 */
import type { Metric } from './metric.js';
import type { DensityTarget } from './target.js';

export class PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  readonly grad: Float64Array; // ∇ log π(q)
  lp = 0; // log π(q)
  constructor(dim: number) {
    this.q = new Float64Array(dim);
    this.p = new Float64Array(dim);
    this.grad = new Float64Array(dim);
  }
  copyFrom(o: PhasePoint): void {
    this.q.set(o.q);
    this.p.set(o.p);
    this.grad.set(o.grad);
    this.lp = o.lp;
  }
}

/** Recompute lp and gradient at z.q. */
export function evaluate(target: DensityTarget, z: PhasePoint): void {
  z.lp = target.logDensityGrad(z.q, z.grad);
}

/** H = −lp + τ(p); NaN maps to +∞ so a NaN point is simply a divergence. */
export function hamiltonian(metric: Metric, z: PhasePoint): number {
  const h = -z.lp + metric.kinetic(z.p);
  return Number.isNaN(h) ? Infinity : h;
}

/** One leapfrog step of size eps (negative for backward): half kick, drift, half kick. */
export function leapfrog(target: DensityTarget, metric: Metric, z: PhasePoint, eps: number, velocity: Float64Array): void {
  const d = z.q.length;
  const half = 0.5 * eps;
  for (let i = 0; i < d; i++) z.p[i] = z.p[i]! + half * z.grad[i]!;
  metric.velocity(z.p, velocity);
  for (let i = 0; i < d; i++) z.q[i] = z.q[i]! + eps * velocity[i]!;
  z.lp = target.logDensityGrad(z.q, z.grad);
  for (let i = 0; i < d; i++) z.p[i] = z.p[i]! + half * z.grad[i]!;
}
