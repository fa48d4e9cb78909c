/** NPE's options: the density family, the summary network, training defaults, draws per data set. */
import type { AnyDensitySpec, DensityConfigs, DensityKind } from '../../nn/density/index.js';
import type { AmortizedTrainOptions, SummaryOption } from '../amortized/index.js';

/** A density family by name, or with settings (dim, contextDim and seed are filled in). */
export type NpeDensityOption =
  | DensityKind
  | { [K in DensityKind]: { kind: K } & Partial<Omit<DensityConfigs[K], 'dim' | 'contextDim'>> }[DensityKind];

export interface NpeOptions extends AmortizedTrainOptions {
  /** q(u_θ | s(x)): default a 5-layer MAF, see `defaultDensity` (the spline flow on request). */
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
 * The default density: a 5-layer MAF (hidden 50, 50) at every dimension P of u_θ; the spline
 * flow (SPLINE_DEFAULT) on request (`density: 'spline-flow'`).
 *
 * Why (measured on problems with exact posteriors that no default was set on, bench/validate/
 * exact-problems.ts: 8 data sets each, training seeds 1–2, 2-core shared machine): the spline flow
 * (5 coupling layers of RQ splines, hidden 64-64) OVER-FITS at 5,000–10,000 simulations on low-
 * dimensional problems. Its training loss went on falling past the optimum (normal mean, 5k:
 * −0.70 nats at epoch 45, the optimum near −0.50) while the validation loss rose from epoch 6, so
 * early stopping restored an under-trained flow: posterior sd / exact sd 1.27–1.69 (normal mean),
 * 1.29–1.70 (gamma-Poisson), 1.21–1.24 (linear regression) at 5k, 1.20–1.66 at 10k. The MAF on
 * the same problems, 10k, seed 1: sd ratios 1.005, 0.977, 0.983, 0.985 (correlated MVN), 1.001
 * (beta-binomial), mean z −0.06…+0.04; 5k: 1.03–1.10 (normal mean, gamma-Poisson), 1.02, 1.00,
 * 1.05. Earlier sbibm two_moons C2ST (0.57–0.59 spline vs 0.59–0.62 MAF) favoured the spline, but
 * a listed task's C2ST does not outweigh the spline's measured over-fitting elsewhere.
 * `paramDim` is kept for a dimension-dependent choice should measurements call for one.
 */
export const SPLINE_DEFAULT = { kind: 'spline-flow', hidden: [64, 64], layers: 5, bins: 10, bound: 4, structure: 'coupling' } as const;
export const MAF_DEFAULT = { kind: 'maf', hidden: [50, 50], layers: 5 } as const;
/** Was the largest P given the spline flow by default; kept for callers that read it (the default is now MAF at every P). */
export const SPLINE_MAX_DIM = 8;

export function defaultDensity(_paramDim: number): typeof SPLINE_DEFAULT | typeof MAF_DEFAULT {
  return MAF_DEFAULT;
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
