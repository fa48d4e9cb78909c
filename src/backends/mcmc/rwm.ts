/**
 * `rwm(options)`: adaptive random-walk Metropolis backend for models whose density has no
 * gradient (or a poor one). Needs many more iterations than NUTS for the same ESS; defaults
 * are 4 chains × (5000 warmup + 5000 draws). See rwm-chain.ts for the algorithm.
 */
import type { Backend } from '../backend.js';
import { type CommonSamplerOptions, samplerBackend } from './sampler-backend.js';

export interface RwmOptions extends CommonSamplerOptions {
  targetAccept?: number;
  thin?: number;
}

export function rwm(options: RwmOptions = {}): Backend {
  const opts = { warmup: 5000, draws: 5000, ...options };
  return samplerBackend(
    'rwm',
    opts,
    ({ warmup, draws }) => ({
      sampler: 'rwm',
      options: { warmup, draws, ...(opts.targetAccept !== undefined ? { targetAccept: opts.targetAccept } : {}), thin: opts.thin ?? 1 },
    }),
    { thin: opts.thin ?? 1 },
  );
}
