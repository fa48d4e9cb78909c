// The pure-TS sha256 against node:crypto's, at the padding boundaries and on random bytes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/runtime/hash/sha256.js';

const ref = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

describe('sha256 (pure TypeScript)', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('matches node:crypto at every length around the block and padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 131 + n) & 255);
      expect(sha256Hex(b)).toBe(ref(b));
    }
  });
  it('matches node:crypto on 1 MiB of pseudo-random bytes, a subarray view and UTF-8 text', () => {
    const big = new Uint8Array(1 << 20);
    let s = 12345;
    for (let i = 0; i < big.length; i++) { s = (s * 1103515245 + 12345) >>> 0; big[i] = s >>> 24; }
    expect(sha256Hex(big)).toBe(ref(big));
    const view = big.subarray(7, 7 + 1000);
    expect(sha256Hex(view)).toBe(ref(view));
    expect(sha256Hex('µ-θ ∞ 🙂')).toBe(ref('µ-θ ∞ 🙂'));
  });
});
