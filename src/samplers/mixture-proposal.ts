/**
 * A Gaussian-mixture proposal fitted to an ensemble of points, for independence Metropolis–Hastings.
 *
 * Fitted by EM (k-means++ seeds, full covariances) on a random subset of the points, then each
 * component's covariance is widened by `inflation`² and a defensive component (the ensemble's own
 * mean and covariance, widened by 2²) takes weight `defensiveWeight`. Independence MH is exact for
 * any proposal whose support covers the target; the widening and the defensive component keep the
 * ratio π/q bounded in the tails, where a mixture fitted by maximum likelihood is too light and a
 * chain that lands there would otherwise stick.
 */
import type { Rng } from '../runtime/rng.js';
import { cholesky, choleskyLogDet } from '../runtime/linalg/cholesky.js';
import { multiplyLower, solveLower } from '../runtime/linalg/triangular.js';

export interface MixtureFitOptions {
  /** Mixture components (default 16; fewer when there are under 4(d + 1) points per component). */
  components?: number;
  /** Points used for the fit at most (default 2,000, drawn at random). */
  maxPoints?: number;
  /** EM iterations at most (default 30; stops earlier when the mean log-likelihood gains < 1e-4). */
  iterations?: number;
  /** Components' covariances are widened by this factor squared (default 1.5). */
  inflation?: number;
  /** Weight of the defensive component (default 0.05). */
  defensiveWeight?: number;
}

export interface MixtureProposal {
  dim: number;
  /** Draws one point into `out` (d). */
  sample(rng: Rng, out: Float64Array): void;
  /** log q(u) for a point (d) at `offset` in `u`. */
  logDensity(u: Float64Array, offset?: number): number;
}

interface Component {
  logWeight: number;
  mean: Float64Array;
  /** Lower Cholesky factor of the covariance (d × d, row-major). */
  chol: Float64Array;
  /** −½ log det Σ − (d/2) log 2π. */
  logNorm: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Fits the proposal to `count` points of dimension d stored from row `first` of `points` (row-major).
 */
export function fitMixtureProposal(points: Float64Array, first: number, count: number, d: number, rng: Rng, o: MixtureFitOptions = {}): MixtureProposal {
  const m = Math.min(count, o.maxPoints ?? 2000);
  const K = Math.max(1, Math.min(o.components ?? 16, Math.floor(m / (4 * (d + 1)))));
  const inflation = o.inflation ?? 1.5;
  const defensiveWeight = o.defensiveWeight ?? 0.05;
  // A random subset of the rows (partial Fisher–Yates).
  const idx = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(count - i);
    const t = idx[i]!; idx[i] = idx[j]!; idx[j] = t;
  }
  const x = new Float64Array(m * d);
  for (let i = 0; i < m; i++) x.set(points.subarray((first + idx[i]!) * d, (first + idx[i]! + 1) * d), i * d);

  const whole = moments(x, m, d, null);
  const floor = new Float64Array(d);
  for (let j = 0; j < d; j++) floor[j] = 1e-6 * Math.max(whole.cov[j * d + j]!, 1e-12);

  // k-means++ seeds (distances scaled by the ensemble's per-coordinate variance), then hard assignment.
  const scale = Float64Array.from({ length: d }, (_, j) => 1 / Math.max(whole.cov[j * d + j]!, 1e-300));
  const seeds: number[] = [rng.int(m)];
  const dist = new Float64Array(m).fill(Infinity);
  while (seeds.length < K) {
    const last = seeds[seeds.length - 1]!;
    let total = 0;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j]! - x[last * d + j]!) ** 2 * scale[j]!;
      dist[i] = Math.min(dist[i]!, s);
      total += dist[i]!;
    }
    if (!(total > 0)) break;
    let r = rng.uniform() * total;
    let pick = 0;
    while (pick < m - 1 && (r -= dist[pick]!) > 0) pick++;
    seeds.push(pick);
  }
  const resp = new Float64Array(m * seeds.length);
  for (let i = 0; i < m; i++) {
    let best = 0, bestD = Infinity;
    seeds.forEach((sIdx, k) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j]! - x[sIdx * d + j]!) ** 2 * scale[j]!;
      if (s < bestD) { bestD = s; best = k; }
    });
    resp[i * seeds.length + best] = 1;
  }

  let comps = mStep(x, m, d, resp, seeds.length, floor);
  let lastLl = -Infinity;
  const logp = new Float64Array(seeds.length);
  const work = new Float64Array(d);
  for (let it = 0; it < (o.iterations ?? 30); it++) {
    // E-step.
    let ll = 0;
    for (let i = 0; i < m; i++) {
      let peak = -Infinity;
      comps.forEach((c, k) => { logp[k] = c.logWeight + componentLogDensity(c, x, i * d, d, work); peak = Math.max(peak, logp[k]!); });
      let z = 0;
      for (let k = 0; k < comps.length; k++) z += Math.exp(logp[k]! - peak);
      for (let k = 0; k < seeds.length; k++) resp[i * seeds.length + k] = k < comps.length ? Math.exp(logp[k]! - peak) / z : 0;
      ll += peak + Math.log(z);
    }
    ll /= m;
    if (ll - lastLl < 1e-4) break;
    lastLl = ll;
    comps = mStep(x, m, d, resp, seeds.length, floor);
  }

  // Widen, and add the defensive component.
  const widen = (c: Component, f: number, logWeight: number): Component => {
    const chol = c.chol.map((v) => v * f);
    return { logWeight, mean: c.mean, chol, logNorm: c.logNorm - d * Math.log(f) };
  };
  const wholeComp = componentFrom(whole.mean, whole.cov, d, 0, floor);
  const final: Component[] = comps.map((c) => widen(c, inflation, c.logWeight + Math.log(1 - defensiveWeight)));
  if (defensiveWeight > 0) final.push(widen(wholeComp, 2, Math.log(defensiveWeight)));
  const cumulative = new Float64Array(final.length);
  final.reduce((s, c, k) => (cumulative[k] = s + Math.exp(c.logWeight)), 0);
  const z = new Float64Array(d);
  const lp = new Float64Array(final.length);

  return {
    dim: d,
    sample(r: Rng, out: Float64Array): void {
      const u = r.uniform() * cumulative[cumulative.length - 1]!;
      let k = 0;
      while (k < final.length - 1 && cumulative[k]! < u) k++;
      const c = final[k]!;
      for (let j = 0; j < d; j++) z[j] = r.normal();
      multiplyLower(c.chol, d, z, out);
      for (let j = 0; j < d; j++) out[j]! += c.mean[j]!;
    },
    logDensity(u: Float64Array, offset = 0): number {
      let peak = -Infinity;
      for (let k = 0; k < final.length; k++) {
        lp[k] = final[k]!.logWeight + componentLogDensity(final[k]!, u, offset, d, work);
        peak = Math.max(peak, lp[k]!);
      }
      let s = 0;
      for (let k = 0; k < final.length; k++) s += Math.exp(lp[k]! - peak);
      return peak + Math.log(s);
    },
  };
}

function componentLogDensity(c: Component, x: Float64Array, off: number, d: number, work: Float64Array): number {
  for (let j = 0; j < d; j++) work[j] = x[off + j]! - c.mean[j]!;
  solveLower(c.chol, d, work, work);
  let q = 0;
  for (let j = 0; j < d; j++) q += work[j]! * work[j]!;
  return c.logNorm - 0.5 * q;
}

/** Weighted mean and covariance (weights null: equal). */
function moments(x: Float64Array, m: number, d: number, w: Float64Array | null, stride = 1, col = 0): { mean: Float64Array; cov: Float64Array; total: number } {
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  let total = 0;
  for (let i = 0; i < m; i++) {
    const wi = w ? w[i * stride + col]! : 1;
    total += wi;
    for (let j = 0; j < d; j++) mean[j]! += wi * x[i * d + j]!;
  }
  if (total > 0) for (let j = 0; j < d; j++) mean[j]! /= total;
  for (let i = 0; i < m; i++) {
    const wi = w ? w[i * stride + col]! : 1;
    if (wi === 0) continue;
    for (let a = 0; a < d; a++) {
      const da = x[i * d + a]! - mean[a]!;
      for (let b = 0; b <= a; b++) cov[a * d + b]! += wi * da * (x[i * d + b]! - mean[b]!);
    }
  }
  if (total > 0) for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) { cov[a * d + b]! /= total; cov[b * d + a] = cov[a * d + b]!; }
  return { mean, cov, total };
}

function componentFrom(mean: Float64Array, cov: Float64Array, d: number, logWeight: number, floor: Float64Array): Component {
  const c = Float64Array.from(cov);
  for (let j = 0; j < d; j++) c[j * d + j]! += floor[j]!;
  const chol = new Float64Array(d * d);
  if (!cholesky(c, d, chol)) {
    // Not positive definite (a collapsed component): fall back to its diagonal.
    chol.fill(0);
    for (let j = 0; j < d; j++) chol[j * d + j] = Math.sqrt(Math.max(c[j * d + j]!, floor[j]!));
  }
  return { logWeight, mean, chol, logNorm: -0.5 * choleskyLogDet(chol, d) - 0.5 * d * LOG_2PI };
}

function mStep(x: Float64Array, m: number, d: number, resp: Float64Array, K: number, floor: Float64Array): Component[] {
  const out: Component[] = [];
  for (let k = 0; k < K; k++) {
    const { mean, cov, total } = moments(x, m, d, resp, K, k);
    // A component holding fewer than d + 1 points' worth of weight cannot have a covariance.
    if (total < d + 1) continue;
    out.push(componentFrom(mean, cov, d, Math.log(total / m), floor));
  }
  if (out.length === 0) {
    const { mean, cov } = moments(x, m, d, null);
    out.push(componentFrom(mean, cov, d, 0, floor));
  }
  // Renormalise the weights over the components kept.
  const z = Math.log(out.reduce((s, c) => s + Math.exp(c.logWeight), 0));
  for (const c of out) c.logWeight -= z;
  return out;
}
