/**
 * Seed plumbing for the diagnostics. Diagnostics take a plain `seed: number` (the backend-agnostic
 * adapters hand seeds, not streams, to user callbacks), and turn it into the runtime's
 * `createRng(seed)` stream; `deriveSeed` gives each unit of work (simulation i, CV fold k) its own
 * seed, so results do not depend on how a callback consumes randomness.
 */
import type { Rng } from '../runtime/rng.js';

/** splitmix32 finaliser (Steele, Lea & Flood 2014, 32-bit variant): spreads (seed, i) over 32 bits. */
export function deriveSeed(seed: number, i: number): number {
  let z = ((seed >>> 0) ^ Math.imul(i + 1, 0x27d4eb2d) ^ Math.floor(seed / 4294967296)) >>> 0;
  z = (z + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** In-place Fisher–Yates shuffle. */
export function shuffleInPlace(a: Int32Array | number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!; a[i] = a[j]!; a[j] = t;
  }
}
