/** Chooses the bijector for a parameter from its prior's support. */
import type { Support } from '../distributions/types.js';
import { identityBijector } from './identity.js';
import { intervalBijector, logitBijector } from './interval.js';
import { logBijector, lowerBoundBijector } from './lower.js';
import { simplexBijector } from './simplex.js';
import type { Bijector } from './types.js';
import { upperBoundBijector } from './upper.js';

/**
 * The bijector from R^d onto `support`. Infinite bounds degrade gracefully (interval(-∞, b) is
 * upper(b), lower(-∞) is real). Integer supports have no bijector: discrete parameters cannot be
 * sampled in an unconstrained space, so the caller must report that as a ModelError.
 */
export function bijectorFor(support: Support): Bijector {
  switch (support.kind) {
    case 'real':
      return identityBijector;
    case 'positive':
      return logBijector;
    case 'unit':
      return logitBijector;
    case 'simplex':
      return simplexBijector;
    case 'lower':
      return support.lower === -Infinity ? identityBijector : support.lower === 0 ? logBijector : lowerBoundBijector(support.lower);
    case 'upper':
      return support.upper === Infinity ? identityBijector : upperBoundBijector(support.upper);
    case 'interval': {
      const { lower, upper } = support;
      if (!(lower < upper)) throw new Error(`bijectorFor: empty interval (${lower}, ${upper})`);
      if (lower === -Infinity) return upper === Infinity ? identityBijector : upperBoundBijector(upper);
      if (upper === Infinity) return lower === 0 ? logBijector : lowerBoundBijector(lower);
      return lower === 0 && upper === 1 ? logitBijector : intervalBijector(lower, upper);
    }
    case 'integer':
      throw new Error('bijectorFor: a discrete (integer) support has no unconstrained bijector');
  }
}

export { identityBijector, intervalBijector, logBijector, logitBijector, lowerBoundBijector, simplexBijector, upperBoundBijector };
export type { Bijector } from './types.js';
