/**
 * A one-dimensional posterior known up to a constant on a grid of cell midpoints: the exact
 * reference for one-parameter models (quadrature), and how NRE reads out its posterior for a
 * scalar θ as the review does (a 750-point grid).
 *
 * The density is taken as piecewise constant on cells [edge_g, edge_{g+1}] around each midpoint,
 * which makes the CDF piecewise linear: quantiles are exact for that density, and draws are exact
 * by choosing a cell by its mass and then a uniform point inside it.
 */
import type { Rng } from '../runtime/rng.js';

export class GridDensity {
  /** Normalised probability mass of each cell. */
  readonly mass: Float64Array;
  /** Cumulative mass at each cell's right edge. */
  private readonly cdf: Float64Array;

  /**
   * @param edges   G + 1 increasing cell edges
   * @param logDensity  G unnormalised log densities at the cell midpoints (−∞ allowed)
   */
  constructor(
    readonly edges: Float64Array,
    logDensity: ArrayLike<number>,
  ) {
    const cells = edges.length - 1;
    if (logDensity.length !== cells) {
      throw new Error(`GridDensity: ${cells} cells but ${logDensity.length} log densities`);
    }
    let peak = -Infinity;
    for (let g = 0; g < cells; g++) peak = Math.max(peak, logDensity[g]!);
    if (!Number.isFinite(peak)) throw new Error('GridDensity: the density is zero or not finite on every cell');
    this.mass = new Float64Array(cells);
    let total = 0;
    for (let g = 0; g < cells; g++) {
      const m = Math.exp(logDensity[g]! - peak) * (edges[g + 1]! - edges[g]!);
      this.mass[g] = m;
      total += m;
    }
    this.cdf = new Float64Array(cells);
    let running = 0;
    for (let g = 0; g < cells; g++) {
      this.mass[g]! /= total;
      running += this.mass[g]!;
      this.cdf[g] = running;
    }
  }

  /** Edges for `cells` equal cells on [lower, upper]. */
  static uniformEdges(lower: number, upper: number, cells: number): Float64Array {
    const edges = new Float64Array(cells + 1);
    for (let g = 0; g <= cells; g++) edges[g] = lower + ((upper - lower) * g) / cells;
    return edges;
  }

  /** Cell midpoints, where the log density is evaluated. */
  static midpoints(edges: Float64Array): Float64Array {
    const mids = new Float64Array(edges.length - 1);
    for (let g = 0; g < mids.length; g++) mids[g] = 0.5 * (edges[g]! + edges[g + 1]!);
    return mids;
  }

  mean(): number {
    let s = 0;
    for (let g = 0; g < this.mass.length; g++) s += this.mass[g]! * 0.5 * (this.edges[g]! + this.edges[g + 1]!);
    return s;
  }

  variance(): number {
    const mu = this.mean();
    let s = 0;
    for (let g = 0; g < this.mass.length; g++) {
      const a = this.edges[g]! - mu;
      const b = this.edges[g + 1]! - mu;
      s += (this.mass[g]! * (a * a + a * b + b * b)) / 3; // E[(U − μ)²] for U uniform on the cell
    }
    return s;
  }

  /** The p-quantile of the piecewise-constant density (linear inside a cell). */
  quantile(p: number): number {
    const cells = this.mass.length;
    let lo = 0;
    let hi = cells - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    const before = lo === 0 ? 0 : this.cdf[lo - 1]!;
    const inside = this.mass[lo]! > 0 ? (p - before) / this.mass[lo]! : 0.5;
    const t = Math.min(1, Math.max(0, inside));
    return this.edges[lo]! + t * (this.edges[lo + 1]! - this.edges[lo]!);
  }

  /** Density at θ (normalised), 0 outside the grid. */
  density(theta: number): number {
    const cells = this.mass.length;
    if (theta < this.edges[0]! || theta > this.edges[cells]!) return 0;
    let lo = 0;
    let hi = cells - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.edges[mid]! <= theta) lo = mid;
      else hi = mid - 1;
    }
    return this.mass[lo]! / (this.edges[lo + 1]! - this.edges[lo]!);
  }

  /** n exact draws: a cell by its mass (inverse CDF), then uniform within it. */
  sample(n: number, rng: Rng): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.quantile(rng.uniform());
    return out;
  }
}
