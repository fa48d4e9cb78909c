/**
 * Save and load a bundle of trained modules (summary network, density estimator, ...) with their
 * configs, normalisation statistics and training metadata, in the format of ./format.ts.
 * Weights round-trip bit-exactly (float32 little-endian, no conversion on the way).
 * Loading a bundle trained on another model (fingerprint) is refused.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import type { Module } from '../networks/types.js';
import { resolveSavedDir, writeDirAtomic, type AtomicWriteHooks } from './atomic.js';
import {
  FORMAT_NAME, FORMAT_VERSION, MANIFEST_FILE, WEIGHTS_FILE, libraryVersion,
  type Manifest, type WeightEntry,
} from './format.js';

export interface SaveBundleInput {
  kind: string;
  fingerprint: string;
  /** The parts whose weights are saved, by name (e.g. { summary, head }). */
  modules: Record<string, Module>;
  config?: unknown;
  normalization?: unknown;
  training?: unknown;
}

export interface LoadOptions {
  /** Refuse the bundle unless it was trained on a model with this fingerprint. */
  fingerprint?: string;
  /** Refuse the bundle unless it is of this kind. */
  kind?: string;
}

export interface LoadedBundle {
  manifest: Manifest;
  /** Every weight by full name (`module/weight`). */
  weights: Map<string, { shape: number[]; data: Float32Array }>;
  /** The directory actually read (differs from the one asked for after a recovered crash). */
  dir: string;
}

/** Thrown when a saved bundle does not belong to the model (or backend kind) it is loaded for. */
export class BundleMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleMismatchError';
  }
}

function encodeWeights(modules: Record<string, Module>): { bytes: Uint8Array; entries: WeightEntry[] } {
  const entries: WeightEntry[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const [mod, m] of Object.entries(modules)) {
    for (const w of m.weights()) {
      const data = w.variable.dataSync() as Float32Array;
      entries.push({ name: `${mod}/${w.name}`, shape: [...w.variable.shape], offset, length: data.length });
      parts.push(data);
      offset += data.length * 4;
    }
  }
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  let o = 0;
  for (const p of parts) for (let i = 0; i < p.length; i++, o += 4) view.setFloat32(o, p[i]!, true);
  return { bytes, entries };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Save atomically to directory `dir` (replacing a previous save there). */
export async function saveBundle(dir: string, b: SaveBundleInput, hooks: AtomicWriteHooks = {}): Promise<Manifest> {
  const { bytes, entries } = encodeWeights(b.modules);
  const manifest: Manifest = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    library: { name: 'amortize', version: libraryVersion() },
    createdAt: new Date().toISOString(),
    kind: b.kind,
    fingerprint: b.fingerprint,
    config: b.config ?? null,
    normalization: b.normalization ?? null,
    training: b.training ?? null,
    weights: { file: WEIGHTS_FILE, dtype: 'float32', byteOrder: 'little-endian', byteLength: bytes.length, sha256: sha256(bytes), tensors: entries },
  };
  // Weights first, manifest last: a reader never sees a manifest without its weights (within tmp).
  await writeDirAtomic(dir, [
    { name: WEIGHTS_FILE, data: bytes },
    { name: MANIFEST_FILE, data: JSON.stringify(manifest, null, 2) + '\n' },
  ], hooks);
  return manifest;
}

/** Read and validate a saved bundle. */
export async function loadBundle(dir: string, opts: LoadOptions = {}): Promise<LoadedBundle> {
  const where = await resolveSavedDir(dir, MANIFEST_FILE);
  if (where === null) throw new Error(`no saved network at ${path.resolve(dir)} (missing ${MANIFEST_FILE})`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(where, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch (e) {
    throw new Error(`cannot read ${path.join(where, MANIFEST_FILE)}: ${(e as Error).message}`);
  }
  if (manifest.format !== FORMAT_NAME) throw new Error(`${where} is not an amortize network save (format '${String(manifest.format)}')`);
  if (!(manifest.formatVersion <= FORMAT_VERSION)) {
    throw new Error(`${where} was saved in format version ${manifest.formatVersion} by amortize ${manifest.library?.version}; ` +
      `this amortize (${libraryVersion()}) reads up to version ${FORMAT_VERSION}: upgrade amortize`);
  }
  if (opts.kind !== undefined && manifest.kind !== opts.kind) {
    throw new BundleMismatchError(`${where} holds a '${manifest.kind}' estimator, not '${opts.kind}'`);
  }
  if (opts.fingerprint !== undefined && manifest.fingerprint !== opts.fingerprint) {
    throw new BundleMismatchError(
      `${where} was trained on a different model (fingerprint ${manifest.fingerprint}); this model's fingerprint is ` +
      `${opts.fingerprint}. A trained network only applies to the model and inputs it was trained on: retrain it for this model.`);
  }
  const spec = manifest.weights;
  const bytes = new Uint8Array(await fs.readFile(path.join(where, spec.file)));
  if (bytes.length !== spec.byteLength || sha256(bytes) !== spec.sha256) {
    throw new Error(`${path.join(where, spec.file)} is corrupt or truncated (${bytes.length} bytes, expected ${spec.byteLength} with sha256 ${spec.sha256})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const e of spec.tensors) {
    const data = new Float32Array(e.length);
    for (let i = 0; i < e.length; i++) data[i] = view.getFloat32(e.offset + 4 * i, true);
    weights.set(e.name, { shape: e.shape, data });
  }
  return { manifest, weights, dir: where };
}

/** Assign loaded weights to freshly built modules; names and shapes must match exactly. */
export function assignWeights(modules: Record<string, Module>, weights: LoadedBundle['weights']): void {
  const expected = new Set<string>();
  for (const [mod, m] of Object.entries(modules)) {
    for (const w of m.weights()) {
      const name = `${mod}/${w.name}`;
      expected.add(name);
      const saved = weights.get(name);
      if (saved === undefined) throw new Error(`saved network has no weight '${name}' (was it saved from a different configuration?)`);
      if (saved.shape.join(',') !== w.variable.shape.join(',')) {
        throw new Error(`weight '${name}' has shape [${saved.shape.join(', ')}] in the save but [${w.variable.shape.join(', ')}] in the network`);
      }
      const t = tf.tensor(saved.data, saved.shape, 'float32');
      w.variable.assign(t);
      t.dispose();
    }
  }
  for (const name of weights.keys()) if (!expected.has(name)) throw new Error(`saved network has an unexpected weight '${name}'`);
}
