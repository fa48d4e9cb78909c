/**
 * `nuts(options)`: the No-U-Turn Sampler backend with Stan's defaults (multinomial NUTS,
 * dual-averaging step size, windowed diagonal or dense metric adaptation). See
 * nuts-transition.ts and nuts-chain.ts for the algorithm.
 */
import type { Backend } from '../backend.js';
import { InferenceError } from '../../lang/errors.js';
import { type CommonSamplerOptions, samplerBackend } from './sampler-backend.js';

export interface NutsOptions extends CommonSamplerOptions {
  /** Target mean acceptance statistic for step-size adaptation (Stan's adapt_delta). */
  targetAccept?: number;
  maxTreeDepth?: number;
  metric?: 'diag' | 'dense';
}

export function nuts(options: NutsOptions = {}): Backend {
  const targetAccept = options.targetAccept ?? 0.8;
  const maxTreeDepth = options.maxTreeDepth ?? 10;
  const metric = options.metric ?? 'diag';
  if (!(targetAccept > 0 && targetAccept < 1)) throw new InferenceError(`nuts: targetAccept must lie in (0, 1), got ${targetAccept}`);
  if (!(Number.isInteger(maxTreeDepth) && maxTreeDepth >= 1)) throw new InferenceError(`nuts: maxTreeDepth must be a positive integer, got ${maxTreeDepth}`);
  if (metric !== 'diag' && metric !== 'dense') throw new InferenceError(`nuts: metric must be 'diag' or 'dense', got '${String(metric)}'`);
  return samplerBackend(
    'nuts',
    options,
    ({ warmup, draws }) => ({ sampler: 'nuts', options: { warmup, draws, targetAccept, maxTreeDepth, metric } }),
    { targetAccept, maxTreeDepth, metric },
  );
}
