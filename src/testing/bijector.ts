/**
 * Bijector checks: round trip u → x → u, the reported log|det J| against the log-determinant of
 * the finite-difference Jacobian, and `backward` against finite differences of gxᵀ forward(u) + log|J|.
 *
 * For the simplex (n constrained values, n - 1 free), the Jacobian is taken of the first n - 1
 * coordinates of x: the last is determined by them, and that is the density convention Stan and
 * amortize use for a Dirichlet prior on the simplex.
 */
import type { Bijector } from '../runtime/bijectors/types.js';
import { createRng } from '../runtime/rng.js';
import { checkGradient, numericPartial } from './gradient.js';
import { allOf, fail, fmt, pass, type CheckResult } from './result.js';

export interface BijectorCheckOptions {
  /** Round-trip tolerance, relative to max(1, |u|). Default 1e-8. */
  roundTripTol?: number;
  /** Tolerance on log|J|. Default 1e-6 (the numeric Jacobian carries ~1e-10 error). */
  logDetTol?: number;
  /** Seed for the random cotangent used by the backward check. */
  seed?: number;
}

/** log|det A| of an n × n row-major matrix by LU with partial pivoting (A is overwritten). */
export function logAbsDet(a: Float64Array, n: number): number {
  let logDet = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[p * n + c]!)) p = r;
    if (a[p * n + c] === 0) return -Infinity;
    if (p !== c) for (let j = 0; j < n; j++) [a[c * n + j], a[p * n + j]] = [a[p * n + j]!, a[c * n + j]!];
    const piv = a[c * n + c]!;
    logDet += Math.log(Math.abs(piv));
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / piv;
      if (f !== 0) for (let j = c; j < n; j++) a[r * n + j] = a[r * n + j]! - f * a[c * n + j]!;
    }
  }
  return logDet;
}

/** All three properties for `bijector` at u (unconstrained length = bijector.unconstrainedSize(n)). */
export function checkBijector(bijector: Bijector, u: Float64Array, n: number, options: BijectorCheckOptions = {}): CheckResult {
  const { roundTripTol = 1e-8, logDetTol = 1e-6, seed = 1 } = options;
  const d = bijector.unconstrainedSize(n);
  const at = `${bijector.name} at u = [${Array.from(u).map(fmt).join(', ')}]`;
  if (u.length !== d) return fail(`${at}: expected ${d} unconstrained values, got ${u.length}`);
  const x = new Float64Array(n);
  const logJ = bijector.forward(u, 0, x, 0, n);
  if (!Number.isFinite(logJ) || x.some((v) => !Number.isFinite(v))) {
    return fail(`${at}: forward gave x = [${Array.from(x).map(fmt).join(', ')}], log|J| = ${logJ}`);
  }

  // Round trip.
  const back = new Float64Array(d);
  bijector.inverse(x, 0, back, 0, n);
  const results: CheckResult[] = [];
  for (let i = 0; i < d; i++) {
    if (!(Math.abs(back[i]! - u[i]!) <= roundTripTol * Math.max(1, Math.abs(u[i]!)))) {
      results.push(fail(`${at}: round trip u[${i}] = ${fmt(u[i]!)} → ${fmt(back[i]!)}`));
    }
  }

  // log|J| against the numeric Jacobian of the d free coordinates of x.
  const jac = new Float64Array(d * d);
  const probe = Float64Array.from(u);
  const xs = new Float64Array(n);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      jac[r * d + c] = numericPartial((p) => (bijector.forward(p, 0, xs, 0, n), xs[r]!), probe, c, 1e-4);
    }
  }
  const numericLogJ = logAbsDet(jac, d);
  if (!(Math.abs(numericLogJ - logJ) <= logDetTol * Math.max(1, Math.abs(logJ)))) {
    results.push(fail(`${at}: log|J| = ${fmt(logJ)} but the numeric Jacobian gives ${fmt(numericLogJ)}`));
  }

  // backward: gradient of gxᵀ x(u) + log|J|(u) for a random cotangent gx.
  const rng = createRng(seed);
  const gx = Float64Array.from({ length: n }, () => rng.normal());
  const xb = new Float64Array(n);
  const grad = checkGradient(
    (p, g) => {
      const lj = bijector.forward(p, 0, xb, 0, n);
      let v = lj;
      for (let i = 0; i < n; i++) v += gx[i]! * xb[i]!;
      g.fill(0);
      bijector.backward(p, 0, gx, 0, g, 0, n);
      return v;
    },
    u,
    { rtol: 1e-6, atol: 1e-6 },
  );
  if (!grad.ok) results.push(fail(`${at}: backward ${grad.message}`));
  return results.length > 0 ? allOf(results, '') : pass(`${at}: round trip, log|J| and backward agree`);
}
