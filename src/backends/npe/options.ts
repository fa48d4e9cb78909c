/** NPE's options: the density family, the summary network, training defaults, draws per data set. */
import type { AnyDensitySpec, DensityConfigs, DensityKind } from '../../nn/density/index.js';
import type { AmortizedTrainOptions, SummaryOption } from '../amortized/index.js';

/** A density family by name, or with settings (dim, contextDim and seed are filled in). */
export type NpeDensityOption =
  | DensityKind
  | { [K in DensityKind]: { kind: K } & Partial<Omit<DensityConfigs[K], 'dim' | 'contextDim'>> }[DensityKind];

export interface NpeOptions extends AmortizedTrainOptions {
  /** q(u_θ | s(x)): default by dimension, see `defaultDensity` (a neural spline flow up to 8 parameters). */
  density?: NpeDensityOption;
  /**
   * Train this many copies of the density together (each from its own initial weights, on the same
   * batches, each on its own likelihood) and use their equal-weight mixture (default 1). Costs that
   * many times the training and drawing time. sbibm two_moons, 10,000 simulations, mean C2ST over
   * the 10 observations, trained at batch 512 (the default then): single flows 0.588 / 0.592 /
   * 0.585 (training seeds 1–3), two copies 0.578 / 0.588 (seeds 1–2; observations 1–3: 0.546 /
   * 0.554), training 85 s instead of 40 s. Two flows trained separately, with different seeds (so
   * also different batch orders), did a little better (0.575 / 0.582). slcp at batch 256: two copies 0.891 / 0.890 against 0.907 / 0.893 for one
   * (seeds 1 / 2; published 0.901), training ≈ 2×. Gains of this size, at twice the cost, are why
   * the default stays 1.
   */
  ensemble?: number;
  /** Summary network s(x) (default 'auto': identity for flat data ≤ 32 numbers, else by data shape). */
  summary?: SummaryOption;
  /** Posterior draws per data set at inference (default 10,000). */
  draws?: number;
}

/**
 * The default density, by the dimension P of u_θ:
 * - P ≤ 8: 5 coupling layers of RQ splines (10 bins, bound 4 on standardised u_θ), 2 hidden layers
 *   of 64, after a context-conditioned affine layer. On sbibm two_moons at 10,000 simulations, mean
 *   C2ST over all 10 observations and training seeds 1–3, at batch 512: 0.588 (observations 1–3:
 *   0.558); 16 bins 0.590 (0.556), 15 % slower — equal within the seed-to-seed spread (±0.004), so
 *   the cheaper one.
 *   With 150 epochs, 24 bins, 8 layers or hidden 50-50 (observations 1–3, seeds 1–2) no better.
 *   Earlier, on observations 1–2: a 5-layer MAF 0.593 / 0.615, a 3-layer 8-bin spline 0.557 / 0.593;
 *   on slcp (P = 5) validation loss 3.99 vs MAF's 5.08.
 * - P > 8: a 5-layer MAF (hidden 50, 50). Coupling layers (spline or affine) over-fit in 10
 *   dimensions at this budget: on gaussian_linear (P = 10) their best validation loss was
 *   11.1–11.3 nats against MAF's 10.84 (the exact posterior's entropy is ≈ 10.7), whatever the
 *   width or weight decay.
 */
export const SPLINE_DEFAULT = { kind: 'spline-flow', hidden: [64, 64], layers: 5, bins: 10, bound: 4, structure: 'coupling' } as const;
export const MAF_DEFAULT = { kind: 'maf', hidden: [50, 50], layers: 5 } as const;
export const SPLINE_MAX_DIM = 8;

export function defaultDensity(paramDim: number): typeof SPLINE_DEFAULT | typeof MAF_DEFAULT {
  return paramDim <= SPLINE_MAX_DIM ? SPLINE_DEFAULT : MAF_DEFAULT;
}

/**
 * Training defaults. When tfjs's per-op cost dominated a step, large batches were nearly free:
 * batch 512 at learning rate 3e-3 (cosine-decayed over 100 epochs) trained two_moons' flow 2.6×
 * faster than batch 128 at 1e-3; batch 1024 at 5e-3 was faster again but worse (0.552 / 0.590 on
 * observations 1–2). Spline flows take `NPE_SPLINE_TRAIN_DEFAULTS`.
 */
export const NPE_TRAIN_DEFAULTS = { epochs: 100, batchSize: 512, learningRate: 3e-3, patience: 20 };

/**
 * Spline flows: batch 256 at 2e-3. Since the spline became one float64 kernel, a step of the
 * default flow is compute-bound (forward pass 4.8 / 9.5 / 17.9 ms at 512 / 1024 / 2048 rows; half
 * of a training step is matMul), so halving the batch gives twice the steps at ≈ 0.65× the cost
 * each. sbibm two_moons, 10,000 simulations, mean C2ST over the 10 observations, training seeds
 * 1 / 2: 0.570 / 0.584 against 0.588 / 0.592 at batch 512 (observations 1–3, seeds 1–3: 0.546
 * against 0.558), training 53–59 s instead of 40–45 s. On slcp (P = 5) a little worse on C2ST at
 * both seeds tried, 0.907 / 0.893 against 0.901 / 0.884 (seed-to-seed spread 0.015), with a better
 * validation loss (seed 2: 3.61 vs 3.76 nats). The MAF of P > 8 keeps batch 512 (measured there;
 * not re-tuned).
 */
export const NPE_SPLINE_TRAIN_DEFAULTS = { ...NPE_TRAIN_DEFAULTS, batchSize: 256, learningRate: 2e-3 };

/** The training defaults for the density NPE trains (an ensemble's by its first member's kind). */
export function npeTrainDefaults(spec: AnyDensitySpec): typeof NPE_TRAIN_DEFAULTS {
  const kind = spec.kind === 'ensemble' ? spec.config.members[0]?.kind : spec.kind;
  return kind === SPLINE_DEFAULT.kind ? NPE_SPLINE_TRAIN_DEFAULTS : NPE_TRAIN_DEFAULTS;
}
