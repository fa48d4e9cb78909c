/**
 * What a step of `amortize demo` is: a known problem fitted one way, its numbers printed next to
 * the exact or reference answer (columns), with a one-line note (diagnostics, timing).
 */
import type { ProgressEvent } from '../../backends/backend.js';

export interface DemoStepResult {
  /** Column labels, e.g. ['NUTS', 'exact']. */
  columns: string[];
  /** One row per reported quantity: its values in column order. */
  rows: { name: string; values: number[] }[];
  note?: string;
}

export interface DemoStep {
  title: string;
  /** The model in one line, shown above the table. */
  description: string;
  run(ctx: DemoContext): Promise<DemoStepResult>;
}

export interface DemoContext {
  seed: number;
  onProgress: (event: ProgressEvent) => void;
}

