/** NRE's options: the loss variant, the classifier, the summary network, and how to read out the posterior. */
import type { AmortizedTrainOptions, SummaryOption } from '../amortized/index.js';
import type { BatchedSamplerOptions } from '../../samplers/index.js';
import type { Activation } from '../../nn/index.js';

export interface NreOptions extends AmortizedTrainOptions {
  /**
   * 'A' (default): binary cross-entropy between joint and shuffled pairs (Hermans et al. 2020).
   * 'B': contrastive, one joint pair against K − 1 shuffled ones (Durkan et al. 2020).
   */
  variant?: 'A' | 'B';
  /** Classes per contrastive example for 'B' (default 10). */
  classes?: number;
  /** Hidden widths of the classifier MLP on (ũ_θ, s(x)) (default `defaultNreHidden(ensemble)`: 128 × 3 alone, 64 × 3 per member). */
  hidden?: number[];
  activation?: Activation;
  /**
   * Train this many classifiers together (each from its own initial weights, each on its own
   * shuffled pairs of the same batches) and use the mean of their logits (default by the number of
   * parameters, `defaultNreEnsemble`). Training and every read-out evaluation cost that many times
   * one network.
   */
  ensemble?: number;
  /** Summary network s(x) (default 'auto': identity for flat data ≤ 32 numbers, else by data shape). */
  summary?: SummaryOption;
  /**
   * Posterior read-out: 'grid' (one or two parameters: exact draws from a 750-cell or 200 × 200
   * grid), 'mcmc' (batched ensemble sampler), or 'auto' (default): grid for one parameter, else MCMC.
   */
  posterior?: 'auto' | 'grid' | 'mcmc';
  /** Grid cells for one parameter (default 750, as the review). */
  gridCells?: number;
  /** Grid cells per axis for two parameters (default 200). */
  gridCellsPerAxis?: number;
  /** Draws per data set from the grid read-out (default 10,000). */
  draws?: number;
  /** The MCMC read-out's sampler settings. */
  sampler?: BatchedSamplerOptions;
}

/**
 * A single classifier: three ReLU layers of 128. On two_moons (10,000 simulations, observation 1)
 * C2ST was 0.79 with [64, 64], 0.77 with [128, 128], 0.83 with SiLU, and 0.69 with this (sbi's
 * NRE-A: 0.775).
 */
export const DEFAULT_NRE_HIDDEN: readonly number[] = [128, 128, 128];

/**
 * An ensemble's members: three ReLU layers of 64, so four members cost about what one classifier
 * of 128 costs (≈ 38,000 against 35,500 multiply-adds per row on gaussian_linear). On gaussian_linear
 * they were also more accurate than members of 128: log-ratio error 0.65 / 0.47 nats against
 * 0.71 / 0.59 (observations 1 / 2, four members trained together), C2ST 0.546 against 0.558 on
 * observation 1.
 */
export const DEFAULT_NRE_MEMBER_HIDDEN: readonly number[] = [64, 64, 64];

/** The classifier widths when none are given: by ensemble size. */
export function defaultNreHidden(ensemble: number): readonly number[] {
  return ensemble > 1 ? DEFAULT_NRE_MEMBER_HIDDEN : DEFAULT_NRE_HIDDEN;
}

/**
 * The default ensemble size by the number of parameters P: one classifier for P ≤ 2, four above.
 * A single classifier's learned log ratio errs by ≈ 1 nat (sd over posterior draws) on sbibm
 * gaussian_linear (P = 10, 10,000 simulations), mostly from its initial weights and the shuffled
 * pairs it saw: eight classifiers (128 × 3) from different seeds gave 0.91–1.33 each, the mean of 2,
 * 3, 4, 6 and 8 of them 0.79–0.90, 0.60–0.74, 0.55–0.71, 0.52–0.57 and 0.49–0.53 (observations
 * 1–3). Mean C2ST over the 10 observations: gaussian_linear 0.604 with one classifier, 0.553 with
 * four of 128 × 3, 0.540 with four of 64 × 3 (published NRE 0.560); slcp (P = 5) 0.953, 0.942,
 * 0.940 (published 0.947). On two_moons (P = 2) four did worse than one (observations 1–3: one
 * 0.704, 0.708, 0.656; four of 128 × 3 trained apart 0.744, 0.740, 0.705; four of 64 × 3 trained
 * together 0.756, 0.792, 0.847), so two parameters keep one. The mean of the members' ratios (their
 * mixture) instead of their logits was worse on both (gaussian_linear observation 1: 0.576 against
 * 0.556; two_moons 0.750 / 0.733 on observations 1 / 2).
 */
export function defaultNreEnsemble(paramDim: number): number {
  return paramDim <= 2 ? 1 : 4;
}

export const NRE_TRAIN_DEFAULTS = { epochs: 200, batchSize: 128, learningRate: 1e-3, patience: 20 };
