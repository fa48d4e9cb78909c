/**
 * The on-disk format of a saved network bundle (a directory):
 *   manifest.json  — this Manifest (JSON, human-readable)
 *   weights.bin    — every weight as float32 little-endian, concatenated in manifest order
 * Version 1. A reader refuses a newer formatVersion; fields may be added without a version bump.
 * Pure data (no node:*): the in-memory layer ./bytes.ts and the file layer ./save.ts share it.
 */
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

/**
 * Bounds a reader enforces before allocating anything a save asks for (documented in
 * docs/security.md). They are far above what the library writes: a default NPE is ~1 MiB of weights.
 */
export const LIMITS = {
  /** manifest.json, bytes. */
  manifestBytes: 16 * 1024 * 1024,
  /** weights.bin, bytes (256 Mi float32 weights). */
  weightsBytes: 1024 * 1024 * 1024,
  /** Tensors in one save. */
  tensors: 100_000,
  /** Axes of one tensor. */
  rank: 8,
  /** Draws per data set a saved estimator may ask for by default. */
  draws: 10_000_000,
  /** Length of one standardiser (features of one data set or parameter block). */
  features: 1 << 24,
} as const;
