/**
 * Masked autoregressive flow (Papamakarios et al. 2017), conditioned on a context c:
 *
 *   z_d = (y_d − μ_d) · exp(−α_d),   (μ_d, α̂_d) = MADE(y_{<d}, c),   α = S tanh(α̂ / S)
 *   log q(y | c) = log N(z; 0, I) − Σ_{layers} Σ_d α_d
 *
 * Several MADE layers with the coordinate order reversed between them; no batch norm (the engine
 * standardises y, and batch statistics would make logProb depend on the batch). Density
 * evaluation is one pass per layer; sampling is sequential over D (autoregressive.ts).
 *
 * Written with the affine map y = x·e^s + t in the density direction (s = −α, t = −μ e^{−α}),
 * which is the same family: the MADE outputs (ŝ, t) directly.
 *
 * D = 1: MADE's only output depends on the context alone, so the flow is a conditional Gaussian.
 */
import type { BaseDensityConfig, DensitySpec } from './types.js';
import { FlowEstimator, type FlowLayer } from './flow.js';
import { AutoregressiveLayer, ReverseLayer } from './autoregressive.js';
import { AffineTransform } from './affine-transform.js';
import { childSeed } from './random.js';

export interface MafConfig extends BaseDensityConfig {
  /** Number of MADE layers (default 4). */
  layers?: number;
  /** Bound S on every log-scale (default 3). */
  scaleBound?: number;
}

export const MAF_DEFAULTS = { hidden: [64, 64], layers: 4, scaleBound: 3 };

export class MaskedAutoregressiveFlow extends FlowEstimator<MafConfig> {
  constructor(config: MafConfig) {
    const transform = new AffineTransform(config.scaleBound ?? MAF_DEFAULTS.scaleBound);
    const n = config.layers ?? MAF_DEFAULTS.layers;
    const layers: FlowLayer[] = [];
    for (let l = 0; l < n; l++) {
      if (l > 0 && config.dim > 1) layers.push(new ReverseLayer(config.dim));
      layers.push(
        new AutoregressiveLayer(
          {
            dim: config.dim,
            contextDim: config.contextDim,
            hidden: config.hidden,
            ...(config.activation ? { activation: config.activation } : {}),
            seed: childSeed(config.seed, l),
          },
          transform,
        ),
      );
    }
    super('maf', config, layers);
  }

  static fromSpec(spec: DensitySpec<MafConfig>): MaskedAutoregressiveFlow {
    return new MaskedAutoregressiveFlow(spec.config).loadWeights(spec.weights);
  }
}
