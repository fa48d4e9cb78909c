/**
 * Test tiers. The fast tier (`npm test`, what CI runs) keeps the suite within minutes on two
 * cores; long statistical runs (validation grids, fuzzing 10⁴ sources, many-seed calibration)
 * belong to the full tier, run by `npm run test:full` (AMORTIZE_TEST_TIER=full).
 *
 *   import { describeFull } from '../helpers/tier.js';
 *   describeFull('calibration over 200 seeds', () => { ... });
 */
import { describe, it } from 'vitest';

/** True when the full (slow) tier was asked for. */
export const fullTier = process.env.AMORTIZE_TEST_TIER === 'full';

/** A describe block that runs only in the full tier (it is reported as skipped otherwise). */
export const describeFull = describe.skipIf(!fullTier);

/** A test that runs only in the full tier. */
export const itFull = it.skipIf(!fullTier);
