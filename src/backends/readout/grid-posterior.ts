/**
 * The grid read-out for one or two parameters, as the review does for its NRE, shared by NRE and
 * NLE: the unnormalised posterior
 *
 *   π(u_θ | x) ∝ p(u_θ) · exp ℓ(u_θ, x),   ℓ = the classifier logit d (NRE) or log q(x | θ) (NLE),
 *
 * on the cells of a grid over the param block's unconstrained space — 750 cells for one parameter
 * (../grid/grid-density.ts), 200 × 200 for two (./grid-density-2d.ts) — with exact draws from the
 * piecewise-constant density, mapped to θ. Two passes: the first grid spans the prior's draws
 * (widened by a quarter of their range each side); the second zooms onto the box holding all but
 * 10⁻⁶ of the first pass's marginal mass, so a posterior far narrower than the prior still gets
 * hundreds of cells per axis. All data sets share each pass's network call.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import { Posterior } from '../posterior.js';
import { GridDensity } from '../../samplers/grid-density.js';
import { ParamBlock } from '../amortized/param-block.js';
import { chunked, type BatchedLogLikelihood } from '../../samplers/chunked.js';
import { dataSetRng } from './learned-posterior.js';
import { GridDensity2D } from '../../samplers/grid-density-2d.js';

export interface GridReadoutArgs {
  /** The posterior's method name ('nre', 'nle'); also names the seed streams. */
  method: string;
  model: CompiledModel;
  xs: Float64Array[];
  /** ℓ(u_θ, x): the learned log ratio or log-likelihood, batched. */
  logTerm: BatchedLogLikelihood;
  /** Cells for one parameter (default 750). */
  cells?: number;
  /** Cells per axis for two parameters (default 200). */
  cellsPerAxis?: number;
  draws: number;
  seed: number;
  attrs?: Record<string, unknown>;
  timing?: Record<string, number>;
}

const PRIOR_DRAWS = 4000;
const TAIL = 1e-6;

/** A grid over the param block: 1-D or 2-D, behind one surface. */
interface Grid {
  /** Edges per axis. */
  edges: Float64Array[];
  quantile(axis: number, p: number): number;
  /** Normalised density at u (length P). */
  density(u: Float64Array): number;
  /** n draws, (n, P). */
  sample(n: number, rng: ReturnType<typeof dataSetRng>): Float64Array;
}

export function gridPosteriors(a: GridReadoutArgs): Posterior[] {
  const t0 = performance.now();
  const block = new ParamBlock(a.model);
  const P = block.dim;
  if (P !== 1 && P !== 2) throw new Error(`the grid read-out needs one or two unconstrained parameters, the model has ${P}: use posterior: 'mcmc'`);
  const cells = P === 1 ? (a.cells ?? 750) : (a.cellsPerAxis ?? 200);
  const G = a.xs.length;

  // Pass 1: the prior's range on each axis (the same for all data sets).
  const full = new Float64Array(a.model.unconstrainedDim);
  const lo = new Float64Array(P).fill(Infinity);
  const hi = new Float64Array(P).fill(-Infinity);
  const priorRng = dataSetRng(`${a.method}-grid-prior`, a.seed, new Float64Array(0));
  for (let i = 0; i < PRIOR_DRAWS; i++) {
    a.model.samplePriorUnconstrained(priorRng, full);
    for (let j = 0; j < P; j++) { lo[j] = Math.min(lo[j]!, full[j]!); hi[j] = Math.max(hi[j]!, full[j]!); }
  }
  const box = Array.from({ length: P }, (_, j) => {
    const pad = 0.25 * (hi[j]! - lo[j]!);
    return GridDensity.uniformEdges(lo[j]! - pad, hi[j]! + pad, cells);
  });
  const first = evaluate(a, block, Array.from({ length: G }, () => box));

  // Pass 2: zoom onto the mass.
  const zoomed = first.map((grid) => grid.edges.map((e, j) => {
    const width = e[1]! - e[0]!;
    const l = Math.max(e[0]!, grid.quantile(j, TAIL) - 2 * width);
    const h = Math.min(e[e.length - 1]!, grid.quantile(j, 1 - TAIL) + 2 * width);
    return GridDensity.uniformEdges(l, h, cells);
  }));
  const second = evaluate(a, block, zoomed);
  const seconds = (performance.now() - t0) / 1000;

  return second.map((grid, g) => {
    const u = grid.sample(a.draws, dataSetRng(`${a.method}-grid`, a.seed, a.xs[g]!));
    const theta = block.toThetaRows(u, a.draws);
    return new Posterior({
      method: a.method,
      params: a.model.params,
      chains: [theta],
      logDensity: (th) => {
        const uu = block.toU(th);
        if (!uu.every(Number.isFinite)) return -Infinity;
        const logDet = block.toTheta(uu, new Float64Array(block.thetaDim));
        return Math.log(grid.density(uu)) - logDet;
      },
      timing: { ...(a.timing ?? {}), sampling: seconds / G, samplingBatch: seconds },
      attrs: {
        ...(a.attrs ?? {}),
        readout: 'grid',
        gridCells: P === 1 ? cells : [cells, cells],
        gridRange: P === 1 ? [grid.edges[0]![0], grid.edges[0]![cells]] : grid.edges.map((e) => [e[0], e[cells]]),
        logDensity: 'normalised',
      },
    });
  });
}

/** One batched call: log p(u) + ℓ(u, x_g) at every cell centre of every data set's grid. */
function evaluate(a: GridReadoutArgs, block: ParamBlock, edges: Float64Array[][]): Grid[] {
  const P = edges[0]!.length;
  const mids = edges.map((es) => es.map((e) => GridDensity.midpoints(e)));
  const per = mids[0]!.reduce((s, m) => s * m.length, 1);
  const G = edges.length;
  const u = new Float64Array(G * per * P);
  const targets = new Int32Array(G * per);
  mids.forEach((ms, g) => {
    targets.fill(g, g * per, (g + 1) * per);
    if (P === 1) u.set(ms[0]!, g * per);
    else {
      const ny = ms[1]!.length;
      for (let i = 0; i < ms[0]!.length; i++) {
        for (let j = 0; j < ny; j++) {
          const r = g * per + i * ny + j;
          u[2 * r] = ms[0]![i]!;
          u[2 * r + 1] = ms[1]![j]!;
        }
      }
    }
  });
  const d = chunked(a.logTerm, u, targets, P);
  return edges.map((es, g) => {
    const lp = new Float64Array(per);
    for (let c = 0; c < per; c++) {
      const r = g * per + c;
      const v = block.logPrior(u.subarray(r * P, (r + 1) * P)) + d[r]!;
      lp[c] = Number.isFinite(v) ? v : -Infinity;
    }
    return P === 1 ? grid1(new GridDensity(es[0]!, lp)) : grid2(new GridDensity2D(es[0]!, es[1]!, lp));
  });
}

function grid1(g: GridDensity): Grid {
  return {
    edges: [g.edges],
    quantile: (_axis, p) => g.quantile(p),
    density: (u) => g.density(u[0]!),
    sample: (n, rng) => g.sample(n, rng),
  };
}

function grid2(g: GridDensity2D): Grid {
  return {
    edges: [g.ex, g.ey],
    quantile: (axis, p) => g.quantile(axis as 0 | 1, p),
    density: (u) => g.density(u[0]!, u[1]!),
    sample: (n, rng) => g.sample(n, rng),
  };
}
