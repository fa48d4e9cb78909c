/**
 * The minimal things the samplers need. A sampler works on a `DensityTarget` (log density and
 * gradient in unconstrained space); the backend builds one from a CompiledModel and a data set.
 * Hand-written targets in tests are plain objects of these shapes.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';

export interface DensityTarget {
  readonly dim: number;
  /** log density at u; writes ∂/∂u into grad. May return -Infinity or NaN (rejected). */
  logDensityGrad(u: Float64Array, grad: Float64Array): number;
  /** log density alone (gradient-free samplers). */
  logDensity(u: Float64Array): number;
}

/** The part of a CompiledModel the MCMC backends use. */
export type McmcModel = Pick<
  CompiledModel,
  | 'params'
  | 'dim'
  | 'unconstrainedDim'
  | 'hasLikelihood'
  | 'noLikelihoodReason'
  | 'logPrior'
  | 'logLikelihood'
  | 'logJoint'
  | 'logJointGrad'
  | 'fromUnconstrained'
  | 'portableDensity'
>;

/** The posterior density of `model` given data x, in u-space. */
export function modelTarget(model: McmcModel, x: Float64Array): DensityTarget {
  return {
    dim: model.unconstrainedDim,
    logDensityGrad: (u, grad) => model.logJointGrad(u, x, grad),
    logDensity: (u) => model.logJoint(u, x),
  };
}

/** Counts gradient and density evaluations (for ESS per gradient and the benchmark). */
export class CountingTarget implements DensityTarget {
  gradEvals = 0;
  densityEvals = 0;
  readonly dim: number;
  constructor(private readonly inner: DensityTarget) {
    this.dim = inner.dim;
  }
  logDensityGrad(u: Float64Array, grad: Float64Array): number {
    this.gradEvals++;
    return this.inner.logDensityGrad(u, grad);
  }
  logDensity(u: Float64Array): number {
    this.densityEvals++;
    return this.inner.logDensity(u);
  }
}
