/**
 * CONTRACT (implemented by the runtime owner): seeded, splittable random streams.
 *
 * Every stochastic function in amortize takes an `Rng`; a fixed seed gives the same result.
 * `split()` derives an independent child stream deterministically (e.g. one per MCMC chain or
 * per simulation worker) without advancing the parent in a way that depends on how the child is used.
 */
export interface Rng {
  /** Uniform on the open interval (0, 1), 53 bits. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Gamma(shape, 1). */
  gamma(shape: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** An independent child stream; deterministic given this stream's state. */
  split(): Rng;
  /** n independent child streams. */
  splitN(n: number): Rng[];
  /** The state as plain data, so a worker thread can continue the same stream. */
  serialize(): { algorithm: string; state: string };
}
