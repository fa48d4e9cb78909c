/**
 * Conditional density estimators q(y | context) for the amortized backends (NPE: y = θ, context =
 * summary of x; NLE: y = x, context = θ). Trained by minimising −mean log q over simulated pairs.
 *
 *   const q = createDensityEstimator({ kind: 'spline-flow', config: { dim: 1, contextDim: 8, hidden: [64, 64], seed: 1 } });
 *   const loss = (batch) => tf.neg(tf.mean(q.logProb(batch.theta, summary(batch.x))));  // trainer's LossFn
 *   train({ modules: [summaryNet, q], loss, ... });                                    // q is an engine Module
 *   q.sample(1000, contextRows, seed);   // (B, 1000, D)
 *   const spec = q.toSpec();             // { kind, config, weights: Float32Array[] } → createDensityEstimator(spec)
 *
 * Kinds: 'diag-gaussian', 'full-gaussian', 'mdn', 'affine-coupling' (RealNVP), 'maf',
 * 'spline-flow' (rational-quadratic NSF, coupling or autoregressive), and 'ensemble' (an
 * equal-weight mixture of independently trained members of those kinds). Flows also expose
 * `forward(y, c) → { z, logDet }` and `inverse(z, c)`. Shapes: y (B, D), context (B, C) or null
 * when C = 0, logProb (B), sample (B, n, D). Inputs are expected roughly standardised.
 */
export type { ConditionalDensityEstimator, ConditionalFlow, DensityKind, DensitySpec, BaseDensityConfig } from './types.js';
export { trainingLogProbOf } from './types.js';
export { DensityEnsemble, type EnsembleConfig, type EnsembleMemberSpec } from './ensemble.js';
export { DiagonalGaussian, FullGaussian, GAUSSIAN_DEFAULTS, type GaussianConfig } from './gaussian.js';
export { MixtureDensityNetwork, MDN_DEFAULTS, type MdnConfig } from './mdn.js';
export { AffineCouplingFlow, AFFINE_COUPLING_DEFAULTS, type AffineCouplingConfig } from './affine-coupling.js';
export { MaskedAutoregressiveFlow, MAF_DEFAULTS, type MafConfig } from './maf.js';
export { SplineFlow, SPLINE_FLOW_DEFAULTS, type SplineFlowConfig } from './spline-flow.js';
export { RqSplineTransform, type RqSplineOptions } from './rq-spline.js';
export { createDensityEstimator, DENSITY_KINDS, type AnyDensitySpec, type DensityConfigs } from './registry.js';
export { WhitenedGaussian, initAtMarginalFit, type PreparedData } from './whitened-gaussian.js';
export { baseNoise } from './common.js';
