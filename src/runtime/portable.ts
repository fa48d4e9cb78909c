/**
 * Rebuilds a compiled model's generated log density from plain data (PortableDensity), e.g. in
 * an MCMC worker thread, where the compiling thread's closures are not available. The factory
 * source only needs the distribution and bijector registries, the autodiff runtime and the
 * constants, all of which exist (or were shipped) here.
 */
import type { PortableDensity } from '../lang/compiled-model.js';
import { densityRuntime, instantiate } from '../lang/compile/runtime.js';

export interface PortableFns {
  logJoint(u: Float64Array, x: Float64Array): number;
  logJointGrad(u: Float64Array, x: Float64Array, grad: Float64Array): number;
}

export function instantiatePortableDensity(p: PortableDensity): PortableFns {
  const fns = instantiate(p.factorySource, densityRuntime(p.constants));
  return { logJoint: fns.logJoint, logJointGrad: fns.logJointGrad };
}
