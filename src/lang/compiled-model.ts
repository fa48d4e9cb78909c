/**
 * CONTRACT: what a model compiles to, and the only thing backends consume.
 *
 * A model is compiled against concrete inputs (sizes, covariates), so every shape is a number here.
 * Layouts (all flat, row-major):
 * - θ (constrained params): the `param` statements in source order, each flattened. `dim` long.
 *   Latents are NOT in θ: they are nuisance variables.
 * - u (unconstrained): params then latents, each through its bijector. `unconstrainedDim` long.
 *   This is the space NUTS samples and networks learn in.
 * - x (data): the `data` statements in source order, flattened. `dataDim` long.
 * - derived: every `let` in source order, flattened (constrained scale). `derivedDim` long.
 * - pointwise: one log-density term per observed element (scalar distributions) or per event
 *   (multivariate ones: one per vector[k] value or matrix row), data statements in source order.
 */
import type { Rng } from '../runtime/rng.js';
import type { Support } from '../runtime/distributions/types.js';

export interface VariableInfo {
  name: string;
  kind: 'param' | 'latent' | 'data' | 'derived';
  elem: 'real' | 'int';
  shape: number[]; // [] scalar, [n] vector, [n, m] matrix
  size: number; // product of shape (1 for scalars)
  /** Offset in θ (params), in the latent block (latents), in x (data), or in the derived vector. */
  offset: number;
  /** Offset and length in u (params and latents only; -1 / 0 for data). */
  unconstrainedOffset: number;
  unconstrainedSize: number;
  /** Where the prior puts its mass (params, latents) or where the data lives. */
  support: Support;
  /** One name per element: 'mu', 'theta[1]', 'X[2,3]' (1-based). */
  elementNames: string[];
  /** Data only: true if it has a density (`~`), false for `= expr` or a TS simulator. */
  hasDensity?: boolean;
}

export type Inputs = Record<string, unknown>;

export interface CompiledModel {
  /** The concrete inputs this model was compiled against (validated). */
  readonly inputs: Readonly<Inputs>;
  readonly params: readonly VariableInfo[];
  readonly latents: readonly VariableInfo[];
  readonly data: readonly VariableInfo[];
  readonly dim: number;
  readonly latentDim: number;
  readonly unconstrainedDim: number;
  readonly dataDim: number;
  /** Every `let` (and generated quantity) in source order, constrained scale; kind 'derived'. */
  readonly derived: readonly VariableInfo[];
  readonly derivedDim: number;
  /**
   * Fill out[derivedDim] with the derived values at unconstrained u (x given where a let uses
   * data, else null: then a let that reads data is an InferenceError).
   */
  computeDerived(u: Float64Array, x: Float64Array | null, out: Float64Array): void;
  /**
   * Number of pointwise log-likelihood terms: one per scalar element of every data statement
   * with a density (one per event for a multivariate distribution such as multi_normal).
   */
  readonly pointwiseDim: number;
  /** out[pointwiseDim]: each observation element's log-density; their sum equals logLikelihood(u, x). */
  pointwiseLogLikelihood(u: Float64Array, x: Float64Array, out: Float64Array): void;
  /** False when any data node comes from an expression or a TS simulator: NUTS must refuse. */
  readonly hasLikelihood: boolean;
  /** Why there is no likelihood (names the node), for error messages. */
  readonly noLikelihoodReason?: string;
  /** A stable hash of the IR and inputs, used to refuse loading a network trained on another model. */
  readonly fingerprint: string;

  /**
   * Ancestral sampling of n independent (θ, x) pairs from prior and simulator.
   * theta: n × dim, x: n × dataDim; also the latents (n × latentDim) and u (n × unconstrainedDim).
   */
  simulate(n: number, rng: Rng): { theta: Float64Array; x: Float64Array; latents: Float64Array; u: Float64Array };
  /**
   * x given θ (n × dim), drawing latents fresh: the simulator alone (for NLE/NRE checks, PPC).
   * Posterior predictive draws of the data are this call on posterior draws of θ (see
   * `posteriorPredictive` in src/lang/predictive.ts for the one-call form).
   */
  simulateData(theta: Float64Array, n: number, rng: Rng): Float64Array;

  /** Validate and flatten a user data object (only the data names) → x. Throws DataError. */
  flattenData(data: Record<string, unknown>): Float64Array;
  /** The inverse, for reporting: x → { name: number | number[] | number[][] }. */
  unflattenData(x: Float64Array): Record<string, unknown>;

  /** Log prior density of params and latents at u, INCLUDING log|det J| of the bijectors. */
  logPrior(u: Float64Array): number;
  /** log p(x | θ, latents) at u. Throws InferenceError if !hasLikelihood. */
  logLikelihood(u: Float64Array, x: Float64Array): number;
  /** logPrior + logLikelihood. */
  logJoint(u: Float64Array, x: Float64Array): number;
  /** Returns logJoint and writes its gradient with respect to u into `grad` (length unconstrainedDim). */
  logJointGrad(u: Float64Array, x: Float64Array, grad: Float64Array): number;
  /** Same for the prior alone (used by NLE/NRE, which bring their own likelihood). */
  logPriorGrad(u: Float64Array, grad: Float64Array): number;

  /** u → constrained params and latents: writes θ (dim) and, if given, latents (latentDim). */
  fromUnconstrained(u: Float64Array, theta: Float64Array, latents?: Float64Array): void;
  /** θ (and latents) → u. Throws DataError if a value lies outside its support. */
  toUnconstrained(theta: Float64Array, latents?: Float64Array): Float64Array;
  /**
   * The parameter block alone: u's first `paramUnconstrainedDim` entries. Amortized backends
   * (NPE/NLE/NRE/NBE) learn and sample here, since latents are marginalised by simulation.
   */
  readonly paramUnconstrainedDim: number;
  /** log p(θ) in the parameter block's unconstrained space, with log|det J|; latents excluded. */
  logParamPrior(uParams: Float64Array): number;
  /** The same, writing its gradient (length paramUnconstrainedDim) into grad. */
  logParamPriorGrad(uParams: Float64Array, grad: Float64Array): number;
  /** Parameter block u → constrained θ (length dim). */
  paramsFromUnconstrained(uParams: Float64Array, theta: Float64Array): void;
  /** Constrained θ → parameter block u; DataError outside the support. */
  paramsToUnconstrained(theta: Float64Array): Float64Array;
  /** Draw u from the prior (for initialisation and for prior-based proposals). */
  samplePriorUnconstrained(rng: Rng, out: Float64Array): void;

  /**
   * The generated log-density code as plain data, so a worker thread can rebuild the same
   * function (closures cannot cross threads). Null where it cannot be made portable.
   */
  portableDensity(): PortableDensity | null;
}

export interface PortableDensity {
  /** Source of a function `(runtime) => ({ logJoint(u, x), logJointGrad(u, x, grad) })`. */
  factorySource: string;
  /** Constants the generated code closes over (interpolated values, inputs), by name. */
  constants: Record<string, number | Float64Array | number[]>;
  unconstrainedDim: number;
  dataDim: number;
}
