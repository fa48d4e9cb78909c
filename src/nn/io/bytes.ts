/**
 * The in-memory save format, with no file system (usable in a browser):
 *   serializeBundle(input)         -> { manifest, weights: Uint8Array }
 *   bundleToBytes(serialized)      -> one Uint8Array (a container: see below)
 *   bundleFromBytes(bytes)         -> { manifest, weights }, manifest validated
 *   deserializeBundle(serialized)  -> LoadedBundle (validated, checksummed, decoded)
 * The Node file layer (./save.ts) writes `manifest` as manifest.json and `weights` as weights.bin.
 *
 * Container (`bundleToBytes`): the 8 ASCII bytes "AMZSAVE1", a uint32 little-endian manifest
 * length, the manifest as UTF-8 JSON, then the weights bytes.
 */
import { sha256Hex } from '../../runtime/hash/sha256.js';
import type { Module } from '../networks/types.js';
import { FormatError } from './format-error.js';
import { FORMAT_NAME, FORMAT_VERSION, LIMITS, WEIGHTS_FILE, type Manifest, type WeightEntry } from './format.js';
import { validateManifest } from './manifest.js';

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

/** A save held in memory: the manifest and the weights file's bytes. */
export interface SerializedBundle {
  manifest: Manifest;
  weights: Uint8Array;
}

export interface LoadedBundle {
  manifest: Manifest;
  /** Every weight by full name (`module/weight`). */
  weights: Map<string, { shape: number[]; data: Float32Array }>;
  /** The directory actually read (differs from the one asked for after a recovered crash); 'in-memory save' for bytes. */
  dir: string;
}

/** Thrown when a saved bundle does not belong to the model (or backend kind) it is loaded for. */
export class BundleMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleMismatchError';
  }
}

export const IN_MEMORY = 'in-memory save';
const MAGIC = 'AMZSAVE1';

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

/** The manifest and weights bytes of a bundle (what `saveBundle` writes to disk). */
export function serializeBundle(b: SaveBundleInput, libraryVersion = 'unknown'): SerializedBundle {
  const { bytes, entries } = encodeWeights(b.modules);
  const manifest: Manifest = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    library: { name: 'amortize', version: libraryVersion },
    createdAt: new Date().toISOString(),
    kind: b.kind,
    fingerprint: b.fingerprint,
    config: b.config ?? null,
    normalization: b.normalization ?? null,
    training: b.training ?? null,
    weights: { file: WEIGHTS_FILE, dtype: 'float32', byteOrder: 'little-endian', byteLength: bytes.length, sha256: sha256Hex(bytes), tensors: entries },
  };
  return { manifest, weights: bytes };
}

/** The manifest as the text written to manifest.json. */
export function manifestText(m: Manifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}

/** One self-contained byte array holding a serialized bundle (container in the header). */
export function bundleToBytes(s: SerializedBundle): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(s.manifest));
  const out = new Uint8Array(MAGIC.length + 4 + json.length + s.weights.length);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  out.set(s.weights, MAGIC.length + 4 + json.length);
  return out;
}

/** Parse manifest text (bounded size, strict JSON) and validate it. */
export function parseManifest(text: string, where: string, readerVersion?: string): Manifest {
  if (text.length > LIMITS.manifestBytes) throw new FormatError(where, '', `the manifest is over ${LIMITS.manifestBytes} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FormatError(where, '', `the manifest is not valid JSON (${(e as Error).message})`);
  }
  return validateManifest(raw, where, readerVersion);
}

/** Split bytes from `bundleToBytes` back into a validated manifest and weights (a view, no copy). */
export function bundleFromBytes(bytes: Uint8Array, readerVersion?: string): SerializedBundle {
  if (!(bytes instanceof Uint8Array)) throw new FormatError(IN_MEMORY, '', `expected a Uint8Array, found ${typeof bytes}`);
  const head = MAGIC.length + 4;
  let magic = '';
  for (let i = 0; i < Math.min(MAGIC.length, bytes.length); i++) magic += String.fromCharCode(bytes[i]!);
  if (bytes.length < head || magic !== MAGIC) throw new FormatError(IN_MEMORY, '', `not an amortize save: the bytes do not start with "${MAGIC}"`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  if (n > LIMITS.manifestBytes || head + n > bytes.length) {
    throw new FormatError(IN_MEMORY, '', `the manifest length ${n} is beyond the ${bytes.length} bytes given (or over ${LIMITS.manifestBytes})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(head, head + n));
  } catch {
    throw new FormatError(IN_MEMORY, '', 'the manifest is not valid UTF-8');
  }
  const manifest = parseManifest(text, IN_MEMORY, readerVersion);
  return { manifest, weights: bytes.subarray(head + n) };
}

/** Check a manifest against the kind and fingerprint asked for (BundleMismatchError). */
export function checkBundleIdentity(manifest: Manifest, where: string, opts: LoadOptions): void {
  if (opts.kind !== undefined && manifest.kind !== opts.kind) {
    throw new BundleMismatchError(`${where} holds a '${manifest.kind}' estimator, not '${opts.kind}'`);
  }
  if (opts.fingerprint !== undefined && manifest.fingerprint !== opts.fingerprint) {
    throw new BundleMismatchError(
      `${where} was trained on a different model (fingerprint ${manifest.fingerprint}); this model's fingerprint is ` +
      `${opts.fingerprint}. A trained network only applies to the model and inputs it was trained on: retrain it for this model.`);
  }
}

/**
 * Decode a validated manifest's weights: the byte length and sha256 must match (corruption,
 * truncation), then each tensor is read as float32 little-endian, bit-exactly.
 */
export function decodeWeights(manifest: Manifest, bytes: Uint8Array, where: string): LoadedBundle['weights'] {
  const spec = manifest.weights;
  if (bytes.length !== spec.byteLength || sha256Hex(bytes) !== spec.sha256) {
    throw new FormatError(where, 'weights', `${spec.file} is corrupt or truncated (${bytes.length} bytes, expected ${spec.byteLength} with sha256 ${spec.sha256})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const e of spec.tensors) {
    const data = new Float32Array(e.length);
    for (let i = 0; i < e.length; i++) data[i] = view.getFloat32(e.offset + 4 * i, true);
    weights.set(e.name, { shape: e.shape, data });
  }
  return weights;
}

/**
 * A bundle from memory: `SerializedBundle` (its manifest is validated again: it may come from
 * anywhere) or container bytes from `bundleToBytes`.
 */
export function deserializeBundle(src: SerializedBundle | Uint8Array, opts: LoadOptions = {}, readerVersion?: string): LoadedBundle {
  const s = src instanceof Uint8Array ? bundleFromBytes(src, readerVersion) : {
    manifest: validateManifest(src?.manifest, IN_MEMORY, readerVersion),
    weights: src?.weights,
  };
  if (!(s.weights instanceof Uint8Array)) throw new FormatError(IN_MEMORY, 'weights', 'expected a Uint8Array of weights');
  checkBundleIdentity(s.manifest, IN_MEMORY, opts);
  return { manifest: s.manifest, weights: decodeWeights(s.manifest, s.weights, IN_MEMORY), dir: IN_MEMORY };
}
