/**
 * One NUTS transition, exactly as Stan's base_nuts (Stan ≥ 2.26):
 *
 * - Hoffman & Gelman (2014) doubling: the trajectory grows by a subtree of 2^depth leapfrog steps
 *   in a random direction until the no-U-turn criterion fails or depth reaches maxTreeDepth.
 * - Betancourt (2017, "A Conceptual Introduction to Hamiltonian Monte Carlo", App. A):
 *   multinomial sampling of the state from the trajectory with weights e^{−H}; *biased*
 *   progressive sampling when merging a new subtree at the top level (favours the new subtree,
 *   which moves further), uniform progressive sampling inside subtrees.
 * - Generalised no-U-turn criterion p♯₋·ρ > 0 and p♯₊·ρ > 0 (ρ = Σ p over the span), checked
 *   on each merged tree AND across the two halves with one extra point each (the checks Stan
 *   added in 2.26 to catch U-turns that the merged criterion misses; Lao et al. 2020 discussion).
 * - Divergence: H − H₀ > 1000 (Stan's max_deltaH) stops building, the transition is flagged.
 *
 * Buffers are preallocated per tree depth: building at depth d only ever needs its own level's
 * buffers live while both children (depth d−1) are built one after the other.
 */
import type { Rng } from '../../runtime/rng.js';
import type { Metric } from './metric.js';
import { PhasePoint, hamiltonian, leapfrog } from './phase-point.js';
import type { DensityTarget } from './target.js';

const MAX_DELTA_H = 1000;

export interface TransitionStats {
  acceptStat: number;
  treeDepth: number;
  nLeapfrog: number;
  divergent: boolean;
  energy: number;
}

/** Per-level working memory for build_tree. */
class Level {
  readonly proposeFinal: PhasePoint;
  readonly pInitEnd: Float64Array;
  readonly pSharpInitEnd: Float64Array;
  readonly rhoInit: Float64Array;
  readonly pFinalBeg: Float64Array;
  readonly pSharpFinalBeg: Float64Array;
  readonly rhoFinal: Float64Array;
  readonly rhoExt: Float64Array;
  constructor(d: number) {
    this.proposeFinal = new PhasePoint(d);
    this.pInitEnd = new Float64Array(d);
    this.pSharpInitEnd = new Float64Array(d);
    this.rhoInit = new Float64Array(d);
    this.pFinalBeg = new Float64Array(d);
    this.pSharpFinalBeg = new Float64Array(d);
    this.rhoFinal = new Float64Array(d);
    this.rhoExt = new Float64Array(d);
  }
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Generalised no-U-turn criterion (Betancourt 2017, eq. 46 with ρ the summed momenta). */
function criterion(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  return dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0;
}

export class NutsTransition {
  private readonly d: number;
  private readonly levels: Level[];
  private readonly z: PhasePoint; // the integrator's moving point
  private readonly zFwd: PhasePoint;
  private readonly zBck: PhasePoint;
  private readonly zSample: PhasePoint;
  private readonly zPropose: PhasePoint;
  private readonly vel: Float64Array;
  private readonly pFwdFwd: Float64Array;
  private readonly pSharpFwdFwd: Float64Array;
  private readonly pFwdBck: Float64Array;
  private readonly pSharpFwdBck: Float64Array;
  private readonly pBckFwd: Float64Array;
  private readonly pSharpBckFwd: Float64Array;
  private readonly pBckBck: Float64Array;
  private readonly pSharpBckBck: Float64Array;
  private readonly rho: Float64Array;
  private readonly rhoFwd: Float64Array;
  private readonly rhoBck: Float64Array;
  private readonly rhoExt: Float64Array;
  private nLeapfrog = 0;
  private sumMetroProb = 0;
  private divergent = false;
  private H0 = 0;
  private eps = 1;
  /** log Σ e^{H0 − H} over the subtree buildTree just built (a field, not an out-object: no allocation). */
  private lastLogW = -Infinity;

  constructor(
    private readonly target: DensityTarget,
    public metric: Metric,
    private readonly rng: Rng,
    private readonly maxDepth: number,
  ) {
    const d = (this.d = target.dim);
    this.levels = Array.from({ length: maxDepth + 1 }, () => new Level(d));
    this.z = new PhasePoint(d);
    this.zFwd = new PhasePoint(d);
    this.zBck = new PhasePoint(d);
    this.zSample = new PhasePoint(d);
    this.zPropose = new PhasePoint(d);
    this.vel = new Float64Array(d);
    const f = (): Float64Array => new Float64Array(d);
    this.pFwdFwd = f(); this.pSharpFwdFwd = f(); this.pFwdBck = f(); this.pSharpFwdBck = f();
    this.pBckFwd = f(); this.pSharpBckFwd = f(); this.pBckBck = f(); this.pSharpBckBck = f();
    this.rho = f(); this.rhoFwd = f(); this.rhoBck = f(); this.rhoExt = f();
  }

  /**
   * Moves `state` (q, lp and grad valid; p is overwritten) by one NUTS transition with step eps.
   */
  transition(state: PhasePoint, eps: number): TransitionStats {
    const { metric, rng } = this;
    this.eps = eps;
    const z = this.z;
    z.copyFrom(state);
    metric.sampleMomentum(rng, z.p);
    this.zFwd.copyFrom(z);
    this.zBck.copyFrom(z);
    this.zSample.copyFrom(z);
    this.zPropose.copyFrom(z);

    metric.velocity(z.p, this.pSharpFwdFwd);
    this.pFwdFwd.set(z.p);
    this.pFwdBck.set(z.p); this.pSharpFwdBck.set(this.pSharpFwdFwd);
    this.pBckFwd.set(z.p); this.pSharpBckFwd.set(this.pSharpFwdFwd);
    this.pBckBck.set(z.p); this.pSharpBckBck.set(this.pSharpFwdFwd);
    this.rho.set(z.p);

    let logSumWeight = 0; // log e^{−(H−H0)} of the initial point
    this.H0 = hamiltonian(metric, z);
    this.nLeapfrog = 0;
    this.sumMetroProb = 0;
    this.divergent = false;
    let depth = 0;

    while (depth < this.maxDepth) {
      this.rhoFwd.fill(0);
      this.rhoBck.fill(0);
      let valid: boolean;
      if (rng.uniform() > 0.5) {
        // Extend forward from the forward end.
        z.copyFrom(this.zFwd);
        this.rhoBck.set(this.rho);
        this.pBckFwd.set(this.pFwdBck);
        this.pSharpBckFwd.set(this.pSharpFwdBck);
        valid = this.buildTree(depth, this.zPropose, this.pSharpFwdBck, this.pSharpFwdFwd, this.rhoFwd, this.pFwdBck, this.pFwdFwd, 1);
        this.zFwd.copyFrom(z);
      } else {
        z.copyFrom(this.zBck);
        this.rhoFwd.set(this.rho);
        this.pFwdBck.set(this.pBckFwd);
        this.pSharpFwdBck.set(this.pSharpBckFwd);
        valid = this.buildTree(depth, this.zPropose, this.pSharpBckFwd, this.pSharpBckBck, this.rhoBck, this.pBckFwd, this.pBckBck, -1);
        this.zBck.copyFrom(z);
      }
      if (!valid) break;
      depth++;
      const logW = this.lastLogW;

      // Biased progressive sampling: take the new subtree's proposal with prob min(1, w_new / w_old).
      if (logW > logSumWeight) {
        this.zSample.copyFrom(this.zPropose);
      } else if (rng.uniform() < Math.exp(logW - logSumWeight)) {
        this.zSample.copyFrom(this.zPropose);
      }
      logSumWeight = logSumExp(logSumWeight, logW);

      const rho = this.rho;
      for (let i = 0; i < this.d; i++) rho[i] = this.rhoBck[i]! + this.rhoFwd[i]!;
      let persist = criterion(this.pSharpBckBck, this.pSharpFwdFwd, rho);
      const ext = this.rhoExt;
      for (let i = 0; i < this.d; i++) ext[i] = this.rhoBck[i]! + this.pFwdBck[i]!;
      persist = persist && criterion(this.pSharpBckBck, this.pSharpFwdBck, ext);
      for (let i = 0; i < this.d; i++) ext[i] = this.rhoFwd[i]! + this.pBckFwd[i]!;
      persist = persist && criterion(this.pSharpBckFwd, this.pSharpFwdFwd, ext);
      if (!persist) break;
    }

    state.copyFrom(this.zSample);
    return {
      acceptStat: this.nLeapfrog > 0 ? this.sumMetroProb / this.nLeapfrog : 0,
      treeDepth: depth,
      nLeapfrog: this.nLeapfrog,
      divergent: this.divergent,
      energy: hamiltonian(metric, this.zSample),
    };
  }

  /**
   * Stan's build_tree. Returns false if the subtree diverged or U-turned internally; leaves the
   * subtree's log weight in this.lastLogW (Stan adds it to a log_sum_weight passed by reference).
   */
  private buildTree(
    depth: number,
    zPropose: PhasePoint,
    pSharpBeg: Float64Array,
    pSharpEnd: Float64Array,
    rho: Float64Array,
    pBeg: Float64Array,
    pEnd: Float64Array,
    sign: 1 | -1,
  ): boolean {
    const z = this.z;
    const d = this.d;
    if (depth === 0) {
      leapfrog(this.target, this.metric, z, sign * this.eps, this.vel);
      this.nLeapfrog++;
      const h = hamiltonian(this.metric, z);
      if (h - this.H0 > MAX_DELTA_H) this.divergent = true;
      this.lastLogW = this.H0 - h;
      this.sumMetroProb += this.H0 - h > 0 ? 1 : Math.exp(this.H0 - h);
      zPropose.copyFrom(z);
      this.metric.velocity(z.p, pSharpBeg);
      pSharpEnd.set(pSharpBeg);
      for (let i = 0; i < d; i++) rho[i] = rho[i]! + z.p[i]!;
      pBeg.set(z.p);
      pEnd.set(z.p);
      return !this.divergent;
    }
    const L = this.levels[depth]!;
    // Initial subtree.
    L.rhoInit.fill(0);
    if (!this.buildTree(depth - 1, zPropose, pSharpBeg, L.pSharpInitEnd, L.rhoInit, pBeg, L.pInitEnd, sign)) return false;
    const logWInit = this.lastLogW;
    // Final subtree.
    L.rhoFinal.fill(0);
    if (!this.buildTree(depth - 1, L.proposeFinal, L.pSharpFinalBeg, pSharpEnd, L.rhoFinal, L.pFinalBeg, pEnd, sign)) return false;
    const logWFinal = this.lastLogW;

    // Uniform progressive (multinomial) sampling between the two halves.
    const logWSubtree = logSumExp(logWInit, logWFinal);
    this.lastLogW = logWSubtree;
    if (logWFinal > logWSubtree) {
      zPropose.copyFrom(L.proposeFinal);
    } else if (this.rng.uniform() < Math.exp(logWFinal - logWSubtree)) {
      zPropose.copyFrom(L.proposeFinal);
    }

    const ext = L.rhoExt;
    for (let i = 0; i < d; i++) {
      const s = L.rhoInit[i]! + L.rhoFinal[i]!;
      ext[i] = s;
      rho[i] = rho[i]! + s;
    }
    let persist = criterion(pSharpBeg, pSharpEnd, ext);
    for (let i = 0; i < d; i++) ext[i] = L.rhoInit[i]! + L.pFinalBeg[i]!;
    persist = persist && criterion(pSharpBeg, L.pSharpFinalBeg, ext);
    for (let i = 0; i < d; i++) ext[i] = L.rhoFinal[i]! + L.pInitEnd[i]!;
    persist = persist && criterion(L.pSharpInitEnd, pSharpEnd, ext);
    return persist;
  }
}
