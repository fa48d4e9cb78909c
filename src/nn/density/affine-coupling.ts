/**
 * Affine coupling flow (RealNVP, Dinh et al. 2017), conditioned on a context c. Each layer is a
 * coupling layer (coupling.ts) with the bounded affine map (affine-transform.ts):
 *
 *   (ŝ, t) = NN([m ⊙ y, c]),   s = S tanh(ŝ / S),   z = m ⊙ y + (1 − m) ⊙ (y · e^s + t)
 *   log|det ∂z/∂y| = Σ_d (1 − m_d) s_d
 *
 * Alternating masks between layers. D = 1: each layer is an affine map whose (s, t) depend on the
 * context only, so the flow is a conditional Gaussian — use the spline flow for a flexible 1-D
 * density.
 */
import type { BaseDensityConfig, DensitySpec } from './types.js';
import { FlowEstimator, type FlowLayer } from './flow.js';
import { CouplingLayer, couplingMask } from './coupling.js';
import { AffineTransform } from './affine-transform.js';
import { childSeed } from './random.js';

export interface AffineCouplingConfig extends BaseDensityConfig {
  /** Number of coupling layers (default 4). */
  layers?: number;
  /** Bound S on every log-scale (default 3). */
  scaleBound?: number;
}

export const AFFINE_COUPLING_DEFAULTS = { hidden: [64, 64], layers: 4, scaleBound: 3 };

export class AffineCouplingFlow extends FlowEstimator<AffineCouplingConfig> {
  constructor(config: AffineCouplingConfig) {
    const transform = new AffineTransform(config.scaleBound ?? AFFINE_COUPLING_DEFAULTS.scaleBound);
    const layers: FlowLayer[] = [];
    for (let l = 0; l < (config.layers ?? AFFINE_COUPLING_DEFAULTS.layers); l++) {
      layers.push(
        new CouplingLayer({
          dim: config.dim,
          contextDim: config.contextDim,
          mask: couplingMask(config.dim, l),
          hidden: config.hidden,
          ...(config.activation ? { activation: config.activation } : {}),
          transform,
          seed: childSeed(config.seed, l),
        }),
      );
    }
    super('affine-coupling', config, layers);
  }

  static fromSpec(spec: DensitySpec<AffineCouplingConfig>): AffineCouplingFlow {
    return new AffineCouplingFlow(spec.config).loadWeights(spec.weights);
  }
}
