/**
 * Save and load a bundle of trained modules to and from a directory (the Node file layer over the
 * in-memory format of ./bytes.ts): manifest.json + weights.bin, written atomically (./atomic.ts).
 * Weights round-trip bit-exactly. Loading a bundle trained on another model (fingerprint) is refused.
 *
 * Reading treats the folder as untrusted: the manifest is read only if it is a regular file of at
 * most LIMITS.manifestBytes and validated (./manifest.ts) before use; weights.file must be a plain
 * name, and the file it names a regular file (no symlink, device or folder) inside the save, of
 * exactly weights.byteLength bytes, before it is read.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Module } from '../networks/types.js';
import { resolveSavedDir, writeDirAtomic, type AtomicWriteHooks } from './atomic.js';
import {
  checkBundleIdentity, decodeWeights, deserializeBundle, manifestText, serializeBundle,
  type LoadOptions, type LoadedBundle, type SaveBundleInput, type SerializedBundle,
} from './bytes.js';
import { FormatError } from './format-error.js';
import { LIMITS, MANIFEST_FILE, type Manifest } from './format.js';
import { libraryVersion } from './library-version.js';
import { validateManifest } from './manifest.js';

export { BundleMismatchError } from './bytes.js';
export type { LoadOptions, LoadedBundle, SaveBundleInput } from './bytes.js';

/** Save atomically to directory `dir` (replacing a previous save there). */
export async function saveBundle(dir: string, b: SaveBundleInput, hooks: AtomicWriteHooks = {}): Promise<Manifest> {
  const s = serializeBundle(b, libraryVersion());
  await writeSerialized(dir, s, hooks);
  return s.manifest;
}

/** Write an already serialized bundle as a save folder. */
export async function writeSerialized(dir: string, s: SerializedBundle, hooks: AtomicWriteHooks = {}): Promise<void> {
  // Weights first, manifest last: a reader never sees a manifest without its weights (within tmp).
  await writeDirAtomic(dir, [
    { name: s.manifest.weights.file, data: s.weights },
    { name: MANIFEST_FILE, data: manifestText(s.manifest) },
  ], hooks);
}

/**
 * Read a regular file of at most `max` bytes (and, with `exact`, of exactly that many), refusing
 * symlinks, devices (/dev/zero), FIFOs and folders before opening them for reading.
 */
export async function readBoundedFile(file: string, max: number, where: string, field: string, exact?: number): Promise<Uint8Array> {
  let st;
  try {
    st = await fs.lstat(file);
  } catch (e) {
    throw new FormatError(where, field, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (st.isSymbolicLink()) throw new FormatError(where, field, `${file} is a symbolic link; a save holds its files itself`);
  if (!st.isFile()) throw new FormatError(where, field, `${file} is not a regular file`);
  if (st.size > max) throw new FormatError(where, field, `${file} is ${st.size} bytes, over the limit of ${max}`);
  if (exact !== undefined && st.size !== exact) {
    throw new FormatError(where, field, `${file} is corrupt or truncated: ${st.size} bytes, the manifest says ${exact}`);
  }
  const h = await fs.open(file, 'r');
  try {
    const buf = new Uint8Array(st.size);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await h.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got !== st.size) throw new FormatError(where, field, `${file} changed while being read (${got} of ${st.size} bytes)`);
    return buf;
  } finally {
    await h.close();
  }
}

/** Read and validate a saved bundle: a directory, or a bundle in memory (./bytes.ts). */
export async function loadBundle(src: string | SerializedBundle | Uint8Array, opts: LoadOptions = {}): Promise<LoadedBundle> {
  if (typeof src !== 'string') return deserializeBundle(src, opts, libraryVersion());
  const where = await resolveSavedDir(src, MANIFEST_FILE);
  if (where === null) throw new FormatError(path.resolve(src), '', `no saved network here (missing ${MANIFEST_FILE})`);
  const manifest = await readManifest(where);
  checkBundleIdentity(manifest, where, opts);
  const spec = manifest.weights;
  // spec.file is a plain name (validated): it cannot leave the folder; the lstat refuses links.
  const bytes = await readBoundedFile(path.join(where, spec.file), LIMITS.weightsBytes, where, 'weights.file', spec.byteLength);
  return { manifest, weights: decodeWeights(manifest, bytes, where), dir: where };
}

/** The validated manifest of the save folder `where` (already resolved). */
export async function readManifest(where: string): Promise<Manifest> {
  return validateManifest(await readManifestJson(where), where, libraryVersion());
}

/** The parsed (not yet validated) manifest.json of `where`: a bounded regular file of UTF-8 JSON. */
export async function readManifestJson(where: string): Promise<unknown> {
  const bytes = await readBoundedFile(path.join(where, MANIFEST_FILE), LIMITS.manifestBytes, where, MANIFEST_FILE);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FormatError(where, MANIFEST_FILE, 'not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new FormatError(where, MANIFEST_FILE, `not valid JSON (${(e as Error).message})`);
  }
}

export { assignWeights } from './assign.js';
export type { Module };
