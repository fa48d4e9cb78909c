/**
 * Reusable work buffers for the vector distributions, so density and gradient calls inside NUTS
 * allocate nothing after the first call at a given size. JavaScript runs one call at a time per
 * thread, and no distribution calls another while holding a buffer, so sharing is safe.
 */
const pools = new Map<string, Float64Array>();

/** A buffer of at least n entries, owned by `key` (one key per simultaneous use). */
export function scratch(key: string, n: number): Float64Array {
  let buf = pools.get(key);
  if (buf === undefined || buf.length < n) {
    buf = new Float64Array(Math.max(n, 16));
    pools.set(key, buf);
  }
  return buf;
}
