/**
 * Rational-quadratic neural spline flow (Durkan et al. 2019), conditioned on a context c.
 * Every layer applies the monotone RQ spline of rq-spline.ts to each coordinate, with the spline's
 * 3K − 1 parameters per coordinate produced either by
 *
 *  - `coupling` (RQ-NSF (C)): θ = NN([m ⊙ y, c]), alternating masks; or
 *  - `autoregressive` (RQ-NSF (AR)): θ_d = MADE(y_{<d}, c), order reversed between layers,
 *    sampling sequential over D.
 *
 *   log q(y | c) = log N(z; 0, I) + Σ_layers Σ_d log g'(h_d; θ_d)
 *
 * The spline acts on [−B, B] and is the identity outside, so B should cover the bulk of the
 * (standardised) data. By default the first layer (in the density direction) is an elementwise
 * affine map whose shift and log-scale depend on the context only,
 *   h = (y − μ(c)) · exp(−s(c)),   s = 5 tanh(ŝ / 5),
 * so the splines model shape while location and scale — which move most with the context in
 * NPE — are handled without pushing mass against the spline's bounds. D = 1 (e.g. a single GP range parameter): both structures reduce to a
 * spline whose shape depends on the context only — a flexible, multimodal-capable 1-D
 * conditional density.
 */
import type { BaseDensityConfig, DensitySpec } from './types.js';
import { FlowEstimator, type FlowLayer } from './flow.js';
import { CouplingLayer, couplingMask } from './coupling.js';
import { AutoregressiveLayer, ReverseLayer } from './autoregressive.js';
import { RqSplineTransform } from './rq-spline.js';
import { AffineTransform } from './affine-transform.js';
import { LuLinearLayer } from './lu-linear.js';
import { childSeed } from './random.js';

export interface SplineFlowConfig extends BaseDensityConfig {
  structure?: 'coupling' | 'autoregressive';
  /** Number of spline layers (default 3). */
  layers?: number;
  /** K, bins per spline (default 8). */
  bins?: number;
  /** B: tail bound (default 4). */
  bound?: number;
  /** Context-conditioned elementwise affine layer before the splines (default true). */
  affine?: boolean;
  /**
   * A learned invertible linear map (lu-linear.ts) after every spline layer (coupling or
   * autoregressive), when D > 1, as sbi's spline flow has after its coupling layers (default
   * false). sbibm two_moons NPE, coupling, 10,000 simulations, observations 1–3, training seeds
   * 1–3: at batch 512 it improved every seed (mean C2ST 0.558 → 0.553, 12 % more training time); at
   * NPE's batch 256 it did not (0.546 → 0.545; all 10 observations, seed 1: 0.570 → 0.575); on slcp
   * (D = 5, batch 256, all 10 observations, seeds 1 / 2) 0.907 / 0.893 → 0.905 / 0.890 at 35 % more
   * training time. So it is off by default.
   */
  linear?: boolean;
}

export const SPLINE_FLOW_DEFAULTS = { hidden: [64, 64], structure: 'coupling' as const, layers: 3, bins: 8, bound: 4, affine: true };

export class SplineFlow extends FlowEstimator<SplineFlowConfig> {
  private readonly spline: RqSplineTransform;

  constructor(config: SplineFlowConfig) {
    checkSplineFlowConfig(config);
    const spline = new RqSplineTransform({
      bins: config.bins ?? SPLINE_FLOW_DEFAULTS.bins,
      bound: config.bound ?? SPLINE_FLOW_DEFAULTS.bound,
    });
    const structure = config.structure ?? SPLINE_FLOW_DEFAULTS.structure;
    const n = config.layers ?? SPLINE_FLOW_DEFAULTS.layers;
    const activation = config.activation ? { activation: config.activation } : {};
    const layers: FlowLayer[] = [];
    if (config.affine ?? SPLINE_FLOW_DEFAULTS.affine) {
      // An all-zero mask: every coordinate transformed, parameters from the context alone.
      layers.push(
        new CouplingLayer({
          dim: config.dim,
          contextDim: config.contextDim,
          mask: new Float32Array(config.dim),
          hidden: config.hidden,
          transform: new AffineTransform(5),
          seed: childSeed(config.seed, 1000),
          ...activation,
        }),
      );
    }
    for (let l = 0; l < n; l++) {
      const seed = childSeed(config.seed, l);
      if (structure === 'coupling') {
        layers.push(
          new CouplingLayer({
            dim: config.dim,
            contextDim: config.contextDim,
            mask: couplingMask(config.dim, l),
            hidden: config.hidden,
            transform: spline,
            seed,
            ...activation,
          }),
        );
      } else {
        if (l > 0 && config.dim > 1) layers.push(new ReverseLayer(config.dim));
        layers.push(
          new AutoregressiveLayer(
            { dim: config.dim, contextDim: config.contextDim, hidden: config.hidden, seed, ...activation },
            spline,
          ),
        );
      }
      if (config.linear === true && config.dim > 1) layers.push(new LuLinearLayer(config.dim));
    }
    super('spline-flow', config, layers);
    this.spline = spline;
  }

  static fromSpec(spec: DensitySpec<SplineFlowConfig>): SplineFlow {
    return new SplineFlow(spec.config).loadWeights(spec.weights);
  }

  override dispose(): void {
    super.dispose();
    this.spline.dispose();
  }
}

/** Settings the constructor would otherwise read loosely (a typo in `structure` must not pick a flow). */
function checkSplineFlowConfig(config: SplineFlowConfig): void {
  const { structure, layers, affine, linear } = config;
  if (structure !== undefined && structure !== 'coupling' && structure !== 'autoregressive') {
    throw new Error(`spline-flow: structure must be 'coupling' or 'autoregressive', got ${JSON.stringify(structure)}`);
  }
  if (layers !== undefined && !(Number.isInteger(layers) && layers >= 1)) {
    throw new Error(`spline-flow: layers must be a whole number ≥ 1, got ${JSON.stringify(layers)}`);
  }
  for (const [name, value] of [['affine', affine], ['linear', linear]] as const) {
    if (value !== undefined && typeof value !== 'boolean') throw new Error(`spline-flow: ${name} must be true or false, got ${JSON.stringify(value)}`);
  }
}
