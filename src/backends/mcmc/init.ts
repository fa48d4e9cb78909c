/**
 * Initial points, as Stan does it: each unconstrained coordinate uniform(−R, R) (R = 2 by
 * default), retried up to 100 times until the log density and its gradient are finite.
 * A user-given point is tried once, unchanged.
 */
import type { Rng } from '../../runtime/rng.js';
import type { DensityTarget } from './target.js';

export const MAX_INIT_TRIES = 100;

/** Thrown when no finite initial point was found; carries the last point tried. */
export class InitFailure extends Error {
  override readonly name = 'InitFailure';
  constructor(message: string, readonly lastU: Float64Array) {
    super(message);
  }
}

export function findInitialPoint(
  target: DensityTarget,
  rng: Rng,
  opts: { radius?: number; point?: Float64Array; useGradient?: boolean },
): Float64Array {
  const d = target.dim;
  const u = new Float64Array(d);
  const grad = new Float64Array(d);
  const radius = opts.radius ?? 2;
  const tries = opts.point ? 1 : MAX_INIT_TRIES;
  for (let t = 0; t < tries; t++) {
    if (opts.point) u.set(opts.point);
    else for (let i = 0; i < d; i++) u[i] = radius * (2 * rng.uniform() - 1);
    const lp = opts.useGradient === false ? target.logDensity(u) : target.logDensityGrad(u, grad);
    if (!Number.isFinite(lp)) continue;
    if (opts.useGradient !== false && !grad.every(Number.isFinite)) continue;
    return u;
  }
  throw new InitFailure(
    opts.point
      ? 'the given initial point has a non-finite log density or gradient'
      : `no initial point with a finite log density and gradient after ${MAX_INIT_TRIES} tries (uniform(−${radius}, ${radius}) in unconstrained space)`,
    Float64Array.from(u),
  );
}
