/**
 * Ready-made fast-check properties for a CompiledModel, and one call that runs them all:
 *
 *   fc.assert(modelGradientProperty(m));            // one property at a time, or
 *   assertModelProperties(m, { seed: 1 });           // everything, throwing on the first failure
 *
 * Properties: the joint gradient matches finite differences; u → θ → u round-trips and θ lies in
 * every parameter's support; logPrior/logJoint are finite at any u with data simulated from the
 * model; and the simulator agrees with the densities (simulator.ts).
 */
import fc from 'fast-check';
import type { CompiledModel } from '../lang/compiled-model.js';
import type { Support } from '../runtime/distributions/types.js';
import { arbitraryDataset, arbitraryUnconstrained } from './arbitraries.js';
import { checkModelGradient, type GradientCheckOptions } from './gradient.js';
import { assertCheck, fail, fmt, pass, type CheckResult } from './result.js';
import { checkModelSimulator, type ModelSimulatorOptions } from './simulator.js';

/**
 * Where the model is legitimately degenerate, e.g. sbibm's slcp at θ3 = 0 (a normal with sd θ3² = 0),
 * plus the neighbourhood where finite differences cannot be trusted. fast-check's generators favour
 * exact zeros, so a model like that has to say so; the properties then skip those points (fc.pre).
 */
export type DegenerateSet = (theta: Float64Array) => boolean;

function skipDegenerate(model: CompiledModel, u: Float64Array, degenerate: DegenerateSet | undefined): void {
  if (!degenerate) return;
  const theta = new Float64Array(model.dim);
  model.fromUnconstrained(u, theta);
  fc.pre(!degenerate(theta));
}

/** logJointGrad matches finite differences at arbitrary u and simulated data. */
export function modelGradientProperty(model: CompiledModel, seed: number | string = 1, options: GradientCheckOptions & { degenerate?: DegenerateSet } = {}) {
  return fc.property(arbitraryUnconstrained(model), arbitraryDataset(model, seed), (u, d) => {
    skipDegenerate(model, u, options.degenerate);
    assertCheck(checkModelGradient(model, u, d.x, options));
  });
}

/** fromUnconstrained lands in each parameter's support and toUnconstrained maps it back. */
export function checkModelRoundTrip(model: CompiledModel, u: Float64Array): CheckResult {
  const theta = new Float64Array(model.dim);
  const latents = new Float64Array(model.latentDim);
  model.fromUnconstrained(u, theta, latents);
  for (const v of model.params) {
    for (let i = 0; i < v.size; i++) {
      const x = theta[v.offset + i]!;
      if (!inScalarSupport(v.support, x)) return fail(`${v.elementNames[i]} = ${fmt(x)} lies outside its ${v.support.kind} support`);
    }
    if (v.support.kind === 'simplex') {
      let s = 0;
      for (let i = 0; i < v.size; i++) s += theta[v.offset + i]!;
      if (!(Math.abs(s - 1) < 1e-9)) return fail(`${v.name} sums to ${s}, not 1`);
    }
  }
  let back: Float64Array;
  try {
    back = model.toUnconstrained(theta, latents);
  } catch (e) {
    return fail(`toUnconstrained(fromUnconstrained(u)) threw: ${(e as Error).message}`);
  }
  for (let i = 0; i < u.length; i++) {
    if (!(Math.abs(back[i]! - u[i]!) <= 1e-7 * Math.max(1, Math.abs(u[i]!)))) {
      return fail(`round trip u → θ → u changed coordinate ${i}: ${fmt(u[i]!)} → ${fmt(back[i]!)}`);
    }
  }
  return pass('u → θ → u round-trips inside the supports');
}

/** Round trip at arbitrary u (|u_i| ≤ 5). */
export function modelRoundTripProperty(model: CompiledModel) {
  return fc.property(arbitraryUnconstrained(model), (u) => assertCheck(checkModelRoundTrip(model, u)));
}

/** logPrior and logJoint are finite at arbitrary u with data the model itself simulated. */
export function modelDensityFiniteProperty(model: CompiledModel, seed: number | string = 1, degenerate?: DegenerateSet) {
  return fc.property(arbitraryUnconstrained(model), arbitraryDataset(model, seed), (u, d) => {
    skipDegenerate(model, u, degenerate);
    const lp = model.logPrior(u);
    if (!Number.isFinite(lp)) throw new Error(`logPrior is ${lp} at u = [${Array.from(u).map(fmt).join(', ')}]`);
    if (model.hasLikelihood) {
      const lj = model.logJoint(u, d.x);
      if (!Number.isFinite(lj)) throw new Error(`logJoint is ${lj} at u = [${Array.from(u).map(fmt).join(', ')}] with simulated data`);
    }
  });
}

export interface ModelPropertiesOptions {
  seed?: number;
  /** fast-check runs per property. Default 50. */
  numRuns?: number;
  simulator?: ModelSimulatorOptions;
  /** Parameter values where the model is degenerate by design (see DegenerateSet). */
  degenerate?: DegenerateSet;
}

/** Runs every property above plus the simulator check; throws with the first failure's message. */
export function assertModelProperties(model: CompiledModel, options: ModelPropertiesOptions = {}): void {
  const { seed = 1, numRuns = 50 } = options;
  // includeErrorInReport: put our check's message (what disagreed, where) in the thrown error itself.
  const params = { seed, numRuns, includeErrorInReport: true };
  fc.assert(modelRoundTripProperty(model), params);
  fc.assert(modelDensityFiniteProperty(model, seed, options.degenerate), params);
  if (model.hasLikelihood) fc.assert(modelGradientProperty(model, seed, options.degenerate ? { degenerate: options.degenerate } : {}), params);
  assertCheck(checkModelSimulator(model, { seed, ...options.simulator }));
}

function inScalarSupport(s: Support, x: number): boolean {
  switch (s.kind) {
    case 'real':
      return Number.isFinite(x);
    case 'positive':
      return x > 0;
    case 'lower':
      return x > s.lower;
    case 'upper':
      return x < s.upper;
    case 'unit':
      return x > 0 && x < 1;
    case 'interval':
      return x > s.lower && x < s.upper;
    case 'simplex':
      return x > 0 && x < 1;
    case 'integer':
      return Number.isInteger(x) && x >= s.lower && x <= s.upper;
  }
}
