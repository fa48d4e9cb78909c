/**
 * Learning-rate schedules, decided once per epoch.
 * - 'cosine': lr0 · (min + (1 − min)·½(1 + cos(π·epoch/epochs))), for a known number of epochs;
 * - 'plateau': multiply by `factor` after `patience` epochs without a better validation loss;
 * - 'constant'.
 */
export type ScheduleKind = 'cosine' | 'plateau' | 'constant';

export interface ScheduleOptions {
  kind?: ScheduleKind;
  /** Plateau: multiply the rate by this (default 0.5). */
  factor?: number;
  /** Plateau: epochs without improvement before reducing (default 5). */
  patience?: number;
  /** Floor, as a fraction of the initial rate (default 0.01). */
  minFraction?: number;
}

export class LearningRateSchedule {
  private readonly kind: ScheduleKind;
  private readonly factor: number;
  private readonly patience: number;
  private readonly minFraction: number;
  private current: number;
  private best = Infinity;
  private sinceBest = 0;

  constructor(private readonly initial: number, private readonly epochs: number, o: ScheduleOptions = {}) {
    this.kind = o.kind ?? 'cosine';
    this.factor = o.factor ?? 0.5;
    this.patience = o.patience ?? 5;
    this.minFraction = o.minFraction ?? 0.01;
    this.current = initial;
  }

  /** The rate for epoch `epoch` (0-based), given the previous epoch's validation loss. */
  rateFor(epoch: number, lastValLoss?: number): number {
    if (this.kind === 'cosine') {
      const f = this.minFraction + (1 - this.minFraction) * 0.5 * (1 + Math.cos((Math.PI * epoch) / Math.max(1, this.epochs)));
      this.current = this.initial * f;
    } else if (this.kind === 'plateau' && lastValLoss !== undefined) {
      if (lastValLoss < this.best) { this.best = lastValLoss; this.sinceBest = 0; }
      else if (++this.sinceBest >= this.patience) {
        this.current = Math.max(this.initial * this.minFraction, this.current * this.factor);
        this.sinceBest = 0;
      }
    }
    return this.current;
  }
}
