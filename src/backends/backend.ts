/**
 * CONTRACT: what every inference backend is. Backends are values (`nuts(opts)`, `npe(opts)`),
 * not strings; `infer(model, data, backend)` validates the data and calls `run`.
 */
import type { CompiledModel } from '../lang/compiled-model.js';
import type { Posterior } from './posterior.js';

/** Progress events; the CLI draws them as progress bars. */
export type { ProgressEvent } from '../runtime/progress.js';
import type { ProgressEvent } from '../runtime/progress.js';

export interface RunOptions {
  seed?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export interface Backend {
  readonly kind: string; // 'nuts', 'rwm', 'nbe', 'npe', 'nle', 'nre', 'abc'
  /** Infer on each data set (each a flat, validated x of length model.dataDim). */
  run(model: CompiledModel, xs: Float64Array[], options: RunOptions): Promise<Posterior[]>;
}
