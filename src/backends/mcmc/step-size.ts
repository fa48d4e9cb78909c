/**
 * Step-size adaptation by dual averaging (Nesterov 2009, as adapted by Hoffman & Gelman 2014,
 * Alg. 5; Stan's stepsize_adaptation): drives the mean acceptance statistic to `delta`
 * (targetAccept). γ = 0.05, t0 = 10, κ = 0.75, μ = log(10 ε₀).
 *
 * And Stan's init_stepsize heuristic: from the current ε, double (or halve) until one leapfrog
 * step's acceptance probability crosses 0.8; run at the start and after each metric update.
 */
import type { Rng } from '../../runtime/rng.js';
import type { Metric } from './metric.js';
import { PhasePoint, hamiltonian, leapfrog } from './phase-point.js';
import type { DensityTarget } from './target.js';

export class DualAveraging {
  private counter = 0;
  private sBar = 0;
  private xBar = 0;
  mu = 0;
  constructor(
    private readonly delta: number,
    private readonly gamma = 0.05,
    private readonly t0 = 10,
    private readonly kappa = 0.75,
  ) {}
  restart(): void {
    this.counter = 0;
    this.sBar = 0;
    this.xBar = 0;
  }
  /** One update from an iteration's acceptance statistic; returns the next ε. */
  learn(acceptStat: number): number {
    this.counter++;
    const a = Math.min(1, acceptStat);
    const eta = 1 / (this.counter + this.t0);
    this.sBar = (1 - eta) * this.sBar + eta * (this.delta - a);
    const x = this.mu - (this.sBar * Math.sqrt(this.counter)) / this.gamma;
    const xEta = Math.pow(this.counter, -this.kappa);
    this.xBar = (1 - xEta) * this.xBar + xEta * x;
    return Math.exp(x);
  }
  /** The averaged ε used after warmup. */
  final(): number {
    return Math.exp(this.xBar);
  }
}

/** Stan's init_stepsize. `state` must have lp and grad at its q; it is left unchanged. */
export function initStepSize(target: DensityTarget, metric: Metric, rng: Rng, state: PhasePoint, eps0: number): number {
  let eps = eps0;
  if (eps === 0 || eps > 1e7 || !Number.isFinite(eps)) return eps;
  const z = new PhasePoint(state.q.length);
  const vel = new Float64Array(state.q.length);
  const tryStep = (): number => {
    z.copyFrom(state);
    metric.sampleMomentum(rng, z.p);
    const H0 = hamiltonian(metric, z);
    leapfrog(target, metric, z, eps, vel);
    return H0 - hamiltonian(metric, z);
  };
  const logTarget = Math.log(0.8);
  const direction = tryStep() > logTarget ? 1 : -1;
  for (;;) {
    const deltaH = tryStep();
    if (direction === 1 && !(deltaH > logTarget)) break;
    if (direction === -1 && !(deltaH < logTarget)) break;
    eps = direction === 1 ? 2 * eps : 0.5 * eps;
    if (eps > 1e7) throw new Error('step size search diverged to > 1e7: the posterior is probably improper (flat in some direction)');
    if (eps === 0) throw new Error('step size search collapsed to 0: the log density or its gradient is not finite near the initial point');
  }
  return eps;
}
