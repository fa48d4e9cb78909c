/**
 * Learning-rate schedules, decided once per epoch.
 * - 'plateau' (the default): multiply by `factor` after `patience` epochs in which the smoothed
 *   validation loss (./stopping.ts) did not improve by the minimum relative amount, down to
 *   `minFraction` of the initial rate. It needs no epoch count, so it suits training that stops
 *   on convergence: a cosine over the maximum epochs has hardly decayed when early stopping fires
 *   (at epoch 35 of 100 the rate was still 0.8× the initial one), and stopping then picks the best
 *   of many noisy high-rate epochs;
 * - 'cosine': lr0 · (min + (1 − min)·½(1 + cos(π·epoch/epochs))), for a known number of epochs;
 * - 'constant'.
 */
import { ConvergenceMonitor, STOPPING_DEFAULTS } from './stopping.js';

export type ScheduleKind = 'cosine' | 'plateau' | 'constant';

export interface ScheduleOptions {
  kind?: ScheduleKind;
  /** Plateau: multiply the rate by this (default 0.5). */
  factor?: number;
  /** Plateau: epochs without improvement before reducing (default 5). */
  patience?: number;
  /** Floor, as a fraction of the initial rate (default 1/64 for plateau: six halvings; 0.01 for cosine). */
  minFraction?: number;
  /** Plateau: relative improvement that counts (default the stopping rule's, 1e-3). */
  minImprovement?: number;
}

export class LearningRateSchedule {
  readonly kind: ScheduleKind;
  private readonly factor: number;
  private readonly patience: number;
  private readonly minFraction: number;
  private readonly minImprovement: number;
  private current: number;
  private best = Infinity;
  private sinceBest = 0;
  /** How many times the plateau rule cut the rate. */
  reductions = 0;

  constructor(private readonly initial: number, private readonly epochs: number, o: ScheduleOptions = {}) {
    this.kind = o.kind ?? 'plateau';
    this.factor = o.factor ?? 0.5;
    this.patience = o.patience ?? 5;
    this.minFraction = o.minFraction ?? (this.kind === 'plateau' ? 1 / 64 : 0.01);
    this.minImprovement = o.minImprovement ?? STOPPING_DEFAULTS.minImprovement;
    if (!(this.factor > 0 && this.factor < 1)) throw new RangeError(`schedule factor must be in (0, 1), got ${this.factor}`);
    this.current = initial;
  }

  /** The rate for epoch `epoch` (0-based), given the previous epoch's (smoothed) validation loss. */
  rateFor(epoch: number, lastValLoss?: number): number {
    if (this.kind === 'cosine') {
      const f = this.minFraction + (1 - this.minFraction) * 0.5 * (1 + Math.cos((Math.PI * epoch) / Math.max(1, this.epochs)));
      this.current = this.initial * f;
    } else if (this.kind === 'plateau' && lastValLoss !== undefined) {
      if (ConvergenceMonitor.improves(lastValLoss, this.best, this.minImprovement)) { this.best = lastValLoss; this.sinceBest = 0; }
      else if (++this.sinceBest >= this.patience) {
        const next = Math.max(this.initial * this.minFraction, this.current * this.factor);
        if (next < this.current) this.reductions++;
        this.current = next;
        this.sinceBest = 0;
      }
    }
    return this.current;
  }
}
