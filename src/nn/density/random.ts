/**
 * Seeded float32 noise for the density estimators, generated in plain JS so that a seed gives the
 * same numbers on every tfjs backend (tfjs's own seeded ops differ between backends).
 *
 * mulberry32 for uniforms (32-bit state, fast, adequate for initialisation and base noise), and
 * Box–Muller for normals. Not for cryptography; not the library's main `Rng` stream, which works
 * in float64 and is split per chain/worker — here we only need reproducible float32 arrays.
 */

/** Uniform generator on (0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = (seed | 0) ^ 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    // +0.5 keeps the value strictly inside (0, 1), so log(u) below is finite.
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** `count` independent standard normals as float32, deterministic in `seed`. */
export function standardNormalArray(count: number, seed: number): Float32Array {
  const u = mulberry32(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const phi = 2 * Math.PI * u();
    out[i] = r * Math.cos(phi);
    if (i + 1 < count) out[i + 1] = r * Math.sin(phi);
  }
  return out;
}

/** Derives a child seed so that distinct parts of one estimator get independent streams. */
export function childSeed(seed: number, index: number): number {
  return (Math.imul(seed | 0, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) | 0;
}
