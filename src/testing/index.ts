/**
 * amortize/testing — fast-check arbitraries and ready-made properties that users run in their own
 * vitest/jest + fast-check suites to property-test their models' semantics:
 *
 *   import fc from 'fast-check';
 *   import { arbitraryUnconstrained, arbitraryDataset, checkModelGradient, assertCheck } from 'amortize-ppl/testing';
 *   fc.assert(fc.property(arbitraryUnconstrained(m), arbitraryDataset(m, 1), (u, d) =>
 *     assertCheck(checkModelGradient(m, u, d.x))));
 *   assertModelProperties(m);   // gradient, round trip, finite densities, simulator vs density
 *
 * Every check returns { ok, message }; `assertCheck` throws with the message, and each check has an
 * `assert…` shorthand below.
 */
import type { CompiledModel } from '../lang/compiled-model.js';
import type { Bijector } from '../runtime/bijectors/types.js';
import type { ScalarDistribution } from '../runtime/distributions/types.js';
import { checkBijector, type BijectorCheckOptions } from './bijector.js';
import { checkGradient, checkModelGradient, type GradientCheckOptions, type ValueAndGradient } from './gradient.js';
import { assertCheck } from './result.js';
import { checkModelSimulator, checkScalarSimulator, type DistributionSimulatorOptions, type ModelSimulatorOptions } from './simulator.js';
import { checkScalarDensitySupport } from './support.js';

export { arbitraryDataset, arbitraryInSupport, arbitraryUnconstrained, type InSupportOptions, type SimulatedDataset } from './arbitraries.js';
export { checkBijector, logAbsDet, type BijectorCheckOptions } from './bijector.js';
export {
  checkGradient, checkModelGradient, checkModelPriorGradient, checkScalarDistributionGradient, checkVectorDistributionGradient,
  numericPartial, unconstrainedNames, type GradientCheckOptions, type ValueAndGradient,
} from './gradient.js';
export { allOf, assertCheck, type CheckResult } from './result.js';
export {
  assertModelProperties, checkModelRoundTrip, modelDensityFiniteProperty, modelGradientProperty, modelRoundTripProperty,
  type ModelPropertiesOptions,
} from './properties.js';
export {
  checkModelSimulator, checkScalarSimulator, checkVectorSimulator, type DistributionSimulatorOptions, type ModelSimulatorOptions,
  type VectorSimulatorOptions,
} from './simulator.js';
export { checkScalarDensitySupport, checkVectorDensitySupport, pointsOutside } from './support.js';
export { chiSquareTest, continuousGoodnessOfFit, discreteGoodnessOfFit, integrate, sampleMoments, type ChiSquareResult } from './statistics.js';

/** Throws unless fg's gradient matches central finite differences at x. */
export function assertGradient(fg: ValueAndGradient, x: Float64Array, options?: GradientCheckOptions): void {
  assertCheck(checkGradient(fg, x, options));
}

/** Throws unless model.logJointGrad matches finite differences of model.logJoint at (u, x). */
export function assertModelGradient(model: CompiledModel, u: Float64Array, x: Float64Array, options?: GradientCheckOptions): void {
  assertCheck(checkModelGradient(model, u, x, options));
}

/** Throws unless the bijector round-trips, its log|J| matches the numeric Jacobian, and backward is right. */
export function assertBijector(bijector: Bijector, u: Float64Array, n: number, options?: BijectorCheckOptions): void {
  assertCheck(checkBijector(bijector, u, n, options));
}

/** Throws unless the log density is finite at `inside` and -Infinity just outside the support. */
export function assertDensitySupport(dist: ScalarDistribution, args: readonly number[], inside: number): void {
  assertCheck(checkScalarDensitySupport(dist, args, inside));
}

/** Throws unless the distribution's sampler matches its moments and density. */
export function assertSimulatorMatchesDensity(dist: ScalarDistribution, args: readonly number[], options?: DistributionSimulatorOptions): void {
  assertCheck(checkScalarSimulator(dist, args, options));
}

/** Throws unless model.simulate agrees with the model's densities (see simulator.ts). */
export function assertModelSimulator(model: CompiledModel, options?: ModelSimulatorOptions): void {
  assertCheck(checkModelSimulator(model, options));
}

