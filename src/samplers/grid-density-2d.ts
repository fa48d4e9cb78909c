/**
 * A two-dimensional posterior known up to a constant on a product grid: the 2-D counterpart of
 * ../grid/grid-density.ts. The density is piecewise constant on the cells, so draws are exact
 * (a cell by its mass, then uniform inside) and marginal quantiles follow from the cell masses.
 */
import type { Rng } from '../runtime/rng.js';

export class GridDensity2D {
  /** Normalised mass of cell (i, j) at i · ny + j. */
  readonly mass: Float64Array;
  private readonly cdf: Float64Array;

  /**
   * @param ex  nx + 1 increasing edges on axis 0
   * @param ey  ny + 1 increasing edges on axis 1
   * @param logDensity nx · ny unnormalised log densities at the cell centres (row i, column j at i · ny + j)
   */
  constructor(readonly ex: Float64Array, readonly ey: Float64Array, logDensity: ArrayLike<number>) {
    const nx = ex.length - 1;
    const ny = ey.length - 1;
    if (logDensity.length !== nx * ny) throw new Error(`GridDensity2D: ${nx} × ${ny} cells but ${logDensity.length} log densities`);
    let peak = -Infinity;
    for (let k = 0; k < logDensity.length; k++) peak = Math.max(peak, logDensity[k]!);
    if (!Number.isFinite(peak)) throw new Error('GridDensity2D: the density is zero or not finite on every cell');
    this.mass = new Float64Array(nx * ny);
    let total = 0;
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < ny; j++) {
        const m = Math.exp(logDensity[i * ny + j]! - peak) * (ex[i + 1]! - ex[i]!) * (ey[j + 1]! - ey[j]!);
        this.mass[i * ny + j] = m;
        total += m;
      }
    }
    this.cdf = new Float64Array(nx * ny);
    let running = 0;
    for (let k = 0; k < this.mass.length; k++) {
      this.mass[k]! /= total;
      running += this.mass[k]!;
      this.cdf[k] = running;
    }
  }

  get nx(): number {
    return this.ex.length - 1;
  }
  get ny(): number {
    return this.ey.length - 1;
  }

  /** Marginal cell masses along `axis` (0 or 1). */
  marginal(axis: 0 | 1): Float64Array {
    const out = new Float64Array(axis === 0 ? this.nx : this.ny);
    for (let i = 0; i < this.nx; i++) for (let j = 0; j < this.ny; j++) out[axis === 0 ? i : j]! += this.mass[i * this.ny + j]!;
    return out;
  }

  /** The p-quantile of the marginal along `axis` (linear inside a cell). */
  quantile(axis: 0 | 1, p: number): number {
    const m = this.marginal(axis);
    const e = axis === 0 ? this.ex : this.ey;
    let cum = 0;
    for (let c = 0; c < m.length; c++) {
      if (cum + m[c]! >= p) {
        const t = m[c]! > 0 ? (p - cum) / m[c]! : 0.5;
        return e[c]! + Math.min(1, Math.max(0, t)) * (e[c + 1]! - e[c]!);
      }
      cum += m[c]!;
    }
    return e[e.length - 1]!;
  }

  /** Normalised density at (a, b); 0 outside the grid. */
  density(a: number, b: number): number {
    const i = cellOf(this.ex, a);
    const j = cellOf(this.ey, b);
    if (i < 0 || j < 0) return 0;
    return this.mass[i * this.ny + j]! / ((this.ex[i + 1]! - this.ex[i]!) * (this.ey[j + 1]! - this.ey[j]!));
  }

  /** n exact draws, (n, 2) row-major. */
  sample(n: number, rng: Rng): Float64Array {
    const out = new Float64Array(2 * n);
    const last = this.cdf.length - 1;
    for (let s = 0; s < n; s++) {
      const p = rng.uniform();
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cdf[mid]! < p) lo = mid + 1;
        else hi = mid;
      }
      const i = Math.floor(lo / this.ny);
      const j = lo % this.ny;
      out[2 * s] = this.ex[i]! + rng.uniform() * (this.ex[i + 1]! - this.ex[i]!);
      out[2 * s + 1] = this.ey[j]! + rng.uniform() * (this.ey[j + 1]! - this.ey[j]!);
    }
    return out;
  }
}

function cellOf(edges: Float64Array, v: number): number {
  const n = edges.length - 1;
  if (!(v >= edges[0]! && v <= edges[n]!)) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
