/**
 * CONTRACT (implemented by the runtime owner): seeded, splittable random streams.
 *
 * Every stochastic function in amortize takes an `Rng`; a fixed seed gives the same result.
 * `split()` derives an independent child stream deterministically (e.g. one per MCMC chain or
 * per simulation worker) without advancing the parent in a way that depends on how the child is used.
 */
import { binomialVariate } from './distributions/variates.js';

export interface Rng {
  /** Uniform on the open interval (0, 1), 53 bits. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Gamma(shape, 1). */
  gamma(shape: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Binomial(n, p): successes in n trials (exact for any n; NaN for invalid arguments). */
  binomial(n: number, p: number): number;
  /** An independent child stream; deterministic given this stream's state. */
  split(): Rng;
  /** n independent child streams. */
  splitN(n: number): Rng[];
  /** The state as plain data, so a worker thread can continue the same stream. */
  serialize(): { algorithm: string; state: string };
}

/*
 * IMPLEMENTATION: xoshiro128** (Blackman & Vigna) on four 32-bit words.
 *
 * Normals: ziggurat (see normal()); gammas: Marsaglia–Tsang.
 *
 * Why this generator: it needs only Math.imul and 32-bit shifts, so V8 keeps the whole state in
 * small integers and never touches BigInt or heap numbers on the hot path; two outputs make one
 * 53-bit uniform. Seeding goes through splitmix64 (BigInt, done once per stream) so that close
 * seeds (0, 1, 2, ...) still give unrelated states, as Vigna recommends.
 *
 * Splitting: the child is seeded by feeding four fresh parent outputs through splitmix64. The
 * parent advances by exactly four outputs per split whatever the child later does, and splitmix's
 * avalanche decorrelates the child's state from the parent's continuing stream.
 */
export const RNG_ALGORITHM = 'xoshiro128**/splitmix64';

const MASK64 = (1n << 64n) - 1n;
const TWO_NEG_53 = 1 / 9007199254740992;
const TWO_32 = 4294967296;

/** splitmix64 step: returns [next state, output]. Only used for seeding, so BigInt is fine. */
function splitmix64(state: bigint): [bigint, bigint] {
  const s = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [s, z ^ (z >> 31n)];
}

/** Turns any user seed into 64 bits: integers directly, other numbers by their bits, strings by FNV-1a. */
function seedToBigInt(seed: number | bigint | string): bigint {
  if (typeof seed === 'bigint') return seed & MASK64;
  if (typeof seed === 'number') {
    if (Number.isSafeInteger(seed)) return BigInt(seed) & MASK64;
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, seed);
    return view.getBigUint64(0);
  }
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < seed.length; i++) {
    h ^= BigInt(seed.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK64;
  }
  return h;
}

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
    // The all-zero state is the one fixed point of xoshiro; splitmix never yields it, but guard anyway.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  static fromSeed64(seed: bigint): Xoshiro128 {
    let st = seed;
    let a: bigint;
    let b: bigint;
    [st, a] = splitmix64(st);
    [st, b] = splitmix64(st);
    return new Xoshiro128(Number(a & 0xffffffffn), Number(a >> 32n), Number(b & 0xffffffffn), Number(b >> 32n));
  }

  /** One 32-bit output as an unsigned number in [0, 2^32). */
  next32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  uniform(): number {
    // 27 + 26 bits → k in [0, 2^53); (k + 0.5) / 2^53 lies strictly inside (0, 1).
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864 + b + 0.5) * TWO_NEG_53;
  }

  normal(): number {
    // Ziggurat (Marsaglia & Tsang 2000) in Doornik's ZIGNOR form: the value comes from a full
    // 53-bit uniform and the layer from bits that uniform discards, so the two are independent
    // (the flaw Doornik found in the original 32-bit version). ~99% of calls take the first branch.
    for (;;) {
      const a = this.next32();
      const b = this.next32();
      const u = 2 * (((a >>> 5) * 67108864 + (b >>> 6) + 0.5) * TWO_NEG_53) - 1;
      const i = (b & 63) | ((a & 1) << 6);
      const xi = ZIG_X[i]!;
      if (Math.abs(u) < ZIG_RATIO[i]!) return u * xi;
      if (i === 0) return this.normalTail(u < 0);
      const x = u * xi;
      const xn = ZIG_X[i + 1]!;
      const f0 = Math.exp(-0.5 * (xi * xi - x * x));
      const f1 = Math.exp(-0.5 * (xn * xn - x * x));
      if (f1 + this.uniform() * (f0 - f1) < 1) return x;
    }
  }

  /** |Z| beyond the base layer's edge R, by Marsaglia's exponential rejection. */
  private normalTail(negative: boolean): number {
    let x: number;
    let y: number;
    do {
      x = -Math.log(this.uniform()) / ZIG_R;
      y = -Math.log(this.uniform());
    } while (y + y < x * x);
    return negative ? -(ZIG_R + x) : ZIG_R + x;
  }

  binomial(n: number, p: number): number {
    if (!(n >= 0 && Number.isSafeInteger(n)) || !(p >= 0 && p <= 1)) return NaN;
    return binomialVariate(this, n, p);
  }

  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) return NaN;
    if (shape < 1) {
      // Boost: G(a) = G(a + 1) · U^(1/a) (Marsaglia & Tsang 2000, section 7).
      const g = this.gamma(shape + 1);
      return g * Math.exp(Math.log(this.uniform()) / shape);
    }
    // Marsaglia–Tsang squeeze method.
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  int(n: number): number {
    if (!(n >= 1) || !Number.isSafeInteger(n)) throw new Error(`rng.int: n must be a positive safe integer, got ${n}`);
    if (n <= TWO_32) {
      // Rejection of the top partial block makes every residue equally likely.
      const limit = TWO_32 - (TWO_32 % n);
      let x: number;
      do x = this.next32();
      while (x >= limit);
      return x % n;
    }
    const TWO_53 = 9007199254740992;
    const limit = Math.floor(TWO_53 / n) * n;
    let k: number;
    do k = (this.next32() >>> 5) * 67108864 + (this.next32() >>> 6);
    while (k >= limit);
    return k % n;
  }

  split(): Rng {
    const hi = BigInt(this.next32()) * 4294967296n + BigInt(this.next32());
    const lo = BigInt(this.next32()) * 4294967296n + BigInt(this.next32());
    // Mix both words so the child's seed depends on 128 parent bits, not 64.
    const [, m] = splitmix64(hi ^ ((lo * 0x9e3779b97f4a7c15n) & MASK64));
    return Xoshiro128.fromSeed64(m ^ lo);
  }

  splitN(n: number): Rng[] {
    const out: Rng[] = [];
    for (let i = 0; i < n; i++) out.push(this.split());
    return out;
  }

  serialize(): { algorithm: string; state: string } {
    const words = [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0].map((w) => w.toString(16));
    return { algorithm: RNG_ALGORITHM, state: words.join(',') };
  }

  static deserialize(state: string): Xoshiro128 {
    const words = state.split(',').map((w) => (/^[0-9a-f]{1,8}$/.test(w) ? parseInt(w, 16) : NaN));
    if (words.length !== 4 || words.some((w) => !Number.isFinite(w))) {
      throw new Error(`rngFromState: malformed state '${state}'`);
    }
    return new Xoshiro128(words[0]!, words[1]!, words[2]!, words[3]!);
  }
}

/*
 * Ziggurat tables for 128 layers of equal area V under exp(-x²/2) (Marsaglia & Tsang 2000):
 * ZIG_X[0] = V / f(R) is the base strip's virtual width, ZIG_X[1] = R, ZIG_X[128] = 0, and
 * ZIG_RATIO[i] = ZIG_X[i+1] / ZIG_X[i] is the fraction of layer i lying wholly under the curve.
 */
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const ZIG_X = new Float64Array(129);
const ZIG_RATIO = new Float64Array(128);
{
  const f = (x: number): number => Math.exp(-0.5 * x * x);
  ZIG_X[0] = ZIG_V / f(ZIG_R);
  ZIG_X[1] = ZIG_R;
  for (let i = 2; i < 128; i++) ZIG_X[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZIG_X[i - 1]! + f(ZIG_X[i - 1]!)));
  ZIG_X[128] = 0;
  for (let i = 0; i < 128; i++) ZIG_RATIO[i] = ZIG_X[i + 1]! / ZIG_X[i]!;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A fresh stream from a seed: the same seed always gives the same stream. */
export function createRng(seed: number | bigint | string): Rng {
  return Xoshiro128.fromSeed64(seedToBigInt(seed));
}

/** Continue a stream captured with `rng.serialize()` (e.g. in a worker thread). */
export function rngFromState(serialized: { algorithm: string; state: string }): Rng {
  if (serialized.algorithm !== RNG_ALGORITHM) {
    throw new Error(`rngFromState: unknown algorithm '${serialized.algorithm}', expected '${RNG_ALGORITHM}'`);
  }
  return Xoshiro128.deserialize(serialized.state);
}
