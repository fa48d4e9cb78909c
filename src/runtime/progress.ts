/** What long-running work (simulation, training, sampling) reports as it goes. */
export interface ProgressEvent {
  phase: 'simulate' | 'train' | 'warmup' | 'sample' | 'infer' | 'calibrate';
  /** Completed and total units (iterations, epochs, simulations). */
  done: number;
  total: number;
  /** Free-form numbers worth showing: loss, validation loss, sims/s, step size, chain, ... */
  metrics?: Record<string, number>;
  /** Seconds left, where it can be estimated. */
  etaSeconds?: number;
  message?: string;
}
