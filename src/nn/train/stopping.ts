/**
 * When to stop training: patience on a SMOOTHED validation loss with a minimum improvement.
 *
 * The raw validation loss of a few hundred held-out simulations moves from epoch to epoch by more
 * than training improves it late on (SGD noise in the weights at a still-high learning rate, plus
 * the loss's own sampling noise), so "best raw epoch + patience" stops on a lucky epoch: on a
 * one-parameter normal mean at 5,000 simulations the best epoch was 8–15 of 34–36 and the posterior
 * sd 1.3–1.7× the exact one. Here an epoch counts as progress only when the exponential moving
 * average of the validation loss,
 *
 *   s_t = α·v_t + (1 − α)·s_{t−1},   s_0 = v_0,
 *
 * falls below the best s so far by more than `minImprovement · max(1, |best|)` nats; training stops
 * after `patience` epochs without progress, never before `minEpochs`. The learning-rate schedule
 * (./schedule.ts, 'plateau') reads the same smoothed loss, so with its patience below this one the
 * rate is cut a few times before training gives up: training stops only once lowering the rate
 * no longer helps. The weights restored at the end are still those of the best RAW epoch (./train.ts).
 */

export interface StoppingOptions {
  /** Epochs without progress of the smoothed validation loss before stopping (default 20; Infinity: never). */
  patience?: number;
  /** EMA weight α of the newest epoch's validation loss (default 0.3; 1: no smoothing). */
  smoothing?: number;
  /** Relative improvement of the smoothed loss that counts as progress (default 1e-3, times max(1, |best|)). */
  minImprovement?: number;
  /** Never stop before this many epochs (default 0). */
  minEpochs?: number;
}

export const STOPPING_DEFAULTS = { patience: 20, smoothing: 0.3, minImprovement: 1e-3, minEpochs: 0 } as const;

export class ConvergenceMonitor {
  readonly patience: number;
  readonly smoothing: number;
  readonly minImprovement: number;
  readonly minEpochs: number;
  private ema: number | null = null;
  private best = Infinity;
  private sinceBest = 0;
  private epochs = 0;

  constructor(o: StoppingOptions = {}) {
    this.patience = o.patience ?? STOPPING_DEFAULTS.patience;
    this.smoothing = o.smoothing ?? STOPPING_DEFAULTS.smoothing;
    this.minImprovement = o.minImprovement ?? STOPPING_DEFAULTS.minImprovement;
    this.minEpochs = o.minEpochs ?? STOPPING_DEFAULTS.minEpochs;
    if (!(this.smoothing > 0 && this.smoothing <= 1)) throw new RangeError(`smoothing must be in (0, 1], got ${this.smoothing}`);
    if (!(this.minImprovement >= 0)) throw new RangeError(`minImprovement must be ≥ 0, got ${this.minImprovement}`);
    if (!(this.patience >= 1)) throw new RangeError(`patience must be ≥ 1, got ${this.patience}`);
  }

  /** The smoothed validation loss after the last update (NaN before any). */
  get smoothed(): number {
    return this.ema ?? NaN;
  }

  /** Whether `value` improves on `best` by the minimum relative amount (the rule the schedule shares). */
  static improves(value: number, best: number, minImprovement: number): boolean {
    if (!Number.isFinite(best)) return Number.isFinite(value);
    return value < best - minImprovement * Math.max(1, Math.abs(best));
  }

  /** Record one epoch's validation loss; returns the smoothed loss and whether to stop now. */
  update(valLoss: number): { smoothed: number; progress: boolean; stop: boolean } {
    this.epochs++;
    this.ema = this.ema === null ? valLoss : this.smoothing * valLoss + (1 - this.smoothing) * this.ema;
    const progress = ConvergenceMonitor.improves(this.ema, this.best, this.minImprovement);
    if (progress) { this.best = this.ema; this.sinceBest = 0; } else this.sinceBest++;
    const stop = this.epochs >= this.minEpochs && this.sinceBest >= this.patience;
    return { smoothed: this.ema, progress, stop };
  }
}
