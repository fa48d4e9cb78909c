/**
 * The on-disk format of a saved network bundle (a directory):
 *   manifest.json  — this Manifest (JSON, human-readable)
 *   weights.bin    — every weight as float32 little-endian, concatenated in manifest order
 * Version 1. A reader refuses a newer formatVersion; fields may be added without a version bump.
 */
import { readFileSync } from 'node:fs';

export const FORMAT_NAME = 'amortize-network';
export const FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const WEIGHTS_FILE = 'weights.bin';

/** One tensor inside weights.bin. */
export interface WeightEntry {
  /** `${module}/${weight}`, e.g. 'summary/dense0/W'. */
  name: string;
  shape: number[];
  /** Byte offset in weights.bin. */
  offset: number;
  /** Number of float32 elements. */
  length: number;
}

export interface WeightsSpec {
  file: string;
  dtype: 'float32';
  byteOrder: 'little-endian';
  byteLength: number;
  /** sha256 of weights.bin, hex: detects truncation and corruption. */
  sha256: string;
  tensors: WeightEntry[];
}

export interface Manifest {
  format: typeof FORMAT_NAME;
  formatVersion: number;
  library: { name: string; version: string };
  createdAt: string;
  /** What produced the bundle ('npe', 'nbe', ...); load can insist on it. */
  kind: string;
  /** CompiledModel.fingerprint of the model trained on. */
  fingerprint: string;
  /** Network configs and anything else needed to rebuild the modules (JSON). */
  config: unknown;
  /** Standardisation statistics (StandardizerJSON per name). */
  normalization: unknown;
  /** Training metadata: epochs, losses, simulations, seed, backend, ... */
  training: unknown;
  weights: WeightsSpec;
}

let cachedVersion: string | null = null;

/** The library version from package.json ('unknown' if it cannot be read, e.g. in a bundle). */
export function libraryVersion(): string {
  if (cachedVersion !== null) return cachedVersion;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    cachedVersion = pkg.version ?? 'unknown';
  } catch {
    cachedVersion = 'unknown';
  }
  return cachedVersion;
}
