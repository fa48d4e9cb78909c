/**
 * Strict validation of a saved estimator's manifest (format of ./format.ts), before any number in
 * it is used. Every field is checked for type and bounds; bounds come from the format itself:
 * - offsets/lengths tile weights.bin exactly (no overlap, no gap, inside byteLength), shapes
 *   multiply to lengths, byteLength ≤ LIMITS.weightsBytes;
 * - a layer size in `config` (keys like hidden, units, channels, …Dim) cannot exceed the number of
 *   weights saved, nor can two consecutive sizes of a layer list (their product is the layer's
 *   weight count) — so a manifest asking for 20000×20000 layers next to a small weights file is
 *   refused before the network is built;
 * - every number anywhere is finite (JSON's 1e999 parses to Infinity); every standardiser has
 *   numeric, finite mean/std of its featureSize with std > 0;
 * - `draws` anywhere is a whole number in [1, LIMITS.draws];
 * - weights.file is a plain file name (no '/', '\\', '..', leading '.', NUL): it resolves inside the
 *   save only.
 * Unknown extra fields are allowed (the format may grow without a version bump); formatVersion
 * must be a whole number (the string "1" is refused) no newer than this reader's.
 */
import { FormatError } from './format-error.js';
import { FORMAT_NAME, FORMAT_VERSION, LIMITS, type Manifest, type WeightEntry } from './format.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: Obj, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `an array of ${v.length}` : isObj(v) ? 'an object' : String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
};

/** Keys whose whole-number values (or arrays of them) are layer sizes the modules allocate from. */
const SIZE_KEY = /(hidden|units|channels|width|height|dim|filters|bins|components|transforms|layers|blocks|heads|embed)s?$/i;

/** A plain file name inside the save folder (see the header). */
export function isPlainFileName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !/[/\\\0]/.test(name) && !name.startsWith('.') && name !== '..';
}

/**
 * Validate a parsed manifest. `where` names the save in messages. Returns it typed, or throws a
 * FormatError naming the field. Does not look at the weights bytes (the loaders check their length
 * and sha256 against it).
 */
export function validateManifest(raw: unknown, where: string, readerVersion = 'this version'): Manifest {
  const fail = (field: string, problem: string): never => { throw new FormatError(where, field, problem); };
  if (!isObj(raw)) fail('', `not an amortize save: the manifest is ${show(raw)}, expected a JSON object`);
  const m = raw as Obj;
  if (own(m, 'format') !== FORMAT_NAME) fail('format', `not an amortize network manifest: expected "${FORMAT_NAME}", found ${show(own(m, 'format'))}`);
  const v = own(m, 'formatVersion');
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail('formatVersion', `expected a whole number ≥ 1, found ${show(v)}`);
  if ((v as number) > FORMAT_VERSION) {
    const lib = isObj(own(m, 'library')) ? String(own(own(m, 'library') as Obj, 'version')) : 'unknown';
    fail('formatVersion', `saved in format version ${v} by amortize ${lib}; amortize ${readerVersion} reads up to version ${FORMAT_VERSION}: upgrade amortize`);
  }
  for (const k of ['kind', 'fingerprint', 'createdAt'] as const) {
    const s = own(m, k);
    if (typeof s !== 'string' || s.length === 0 || s.length > 1000) fail(k, `expected a non-empty string, found ${show(s)}`);
  }
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(own(m, 'kind') as string)) fail('kind', `expected a short lowercase name such as "npe", found ${show(own(m, 'kind'))}`);
  const lib = own(m, 'library');
  if (!isObj(lib) || typeof own(lib, 'name') !== 'string' || typeof own(lib, 'version') !== 'string') fail('library', `expected { name, version } strings, found ${show(lib)}`);

  const w = own(m, 'weights');
  if (!isObj(w)) fail('weights', `expected an object, found ${show(w)}`);
  const ws = w as Obj;
  const file = own(ws, 'file');
  if (typeof file !== 'string' || !isPlainFileName(file)) {
    fail('weights.file', `expected a plain file name inside the save folder (no '/', '\\\\', '..' or leading '.'), found ${show(file)}`);
  }
  if (own(ws, 'dtype') !== 'float32') fail('weights.dtype', `expected "float32", found ${show(own(ws, 'dtype'))}`);
  if (own(ws, 'byteOrder') !== 'little-endian') fail('weights.byteOrder', `expected "little-endian", found ${show(own(ws, 'byteOrder'))}`);
  const byteLength = own(ws, 'byteLength');
  if (typeof byteLength !== 'number' || !Number.isInteger(byteLength) || byteLength < 0 || byteLength > LIMITS.weightsBytes || byteLength % 4 !== 0) {
    fail('weights.byteLength', `expected a whole multiple of 4 in [0, ${LIMITS.weightsBytes}], found ${show(byteLength)}`);
  }
  const sha = own(ws, 'sha256');
  if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) fail('weights.sha256', `expected 64 lowercase hex digits, found ${show(sha)}`);
  const tensors = own(ws, 'tensors');
  if (!Array.isArray(tensors) || tensors.length > LIMITS.tensors) fail('weights.tensors', `expected an array of at most ${LIMITS.tensors} entries, found ${show(tensors)}`);
  const names = new Set<string>();
  let next = 0;
  let largestDim = 0;
  (tensors as unknown[]).forEach((t, i) => {
    const f = `weights.tensors[${i}]`;
    if (!isObj(t)) fail(f, `expected an object, found ${show(t)}`);
    const e = t as Obj;
    const name = own(e, 'name');
    if (typeof name !== 'string' || name.length === 0 || name.length > 500) fail(`${f}.name`, `expected a non-empty string, found ${show(name)}`);
    if (names.has(name as string)) fail(`${f}.name`, `duplicate tensor name ${show(name)}`);
    names.add(name as string);
    const shape = own(e, 'shape');
    if (!Array.isArray(shape) || shape.length > LIMITS.rank || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= (byteLength as number) / 4)) {
      fail(`${f}.shape`, `expected at most ${LIMITS.rank} whole numbers in [0, ${(byteLength as number) / 4}], found ${show(shape)}`);
    }
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const length = own(e, 'length');
    if (length !== count) fail(`${f}.length`, `expected ${count} (the product of its shape), found ${show(length)}`);
    const offset = own(e, 'offset');
    if (offset !== next) fail(`${f}.offset`, `expected ${next} (tensors are stored back to back in order), found ${show(offset)}`);
    next += 4 * count;
    if (next > (byteLength as number)) fail(`${f}`, `ends at byte ${next}, beyond weights.byteLength ${byteLength}`);
    for (const d of shape as number[]) largestDim = Math.max(largestDim, d);
  });
  if (next !== byteLength) fail('weights.byteLength', `the tensors fill ${next} bytes but byteLength is ${byteLength}`);

  const totalWeights = (byteLength as number) / 4;
  // Layer sizes are looked for in `config` only (training records hold batch sizes and the like).
  checkTree(own(m, 'config'), 'config', totalWeights, fail, 0, true);
  for (const k of ['normalization', 'training'] as const) checkTree(own(m, k), k, totalWeights, fail, 0, false);
  return m as unknown as Manifest;
}

/** Finite numbers, bounded sizes and draws, valid standardisers, anywhere below `v`. */
function checkTree(v: unknown, field: string, totalWeights: number, fail: (f: string, p: string) => never, depth: number, sizes: boolean): void {
  if (depth > 64) fail(field, 'nested more than 64 levels deep');
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(field, `expected a finite number, found ${show(v)}`);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkTree(x, `${field}[${i}]`, totalWeights, fail, depth + 1, sizes));
    return;
  }
  if (!isObj(v)) return;
  if ('mean' in v && 'std' in v) checkStandardizer(v, field, fail);
  for (const k of Object.keys(v)) {
    const x = v[k];
    const f = `${field}.${k}`;
    if (k === 'draws' && x !== undefined) {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > LIMITS.draws) fail(f, `expected a whole number in [1, ${LIMITS.draws}], found ${show(x)}`);
    }
    if (sizes && SIZE_KEY.test(k)) checkSizes(x, f, totalWeights, fail);
    checkTree(x, f, totalWeights, fail, depth + 1, sizes);
  }
  if (sizes) checkLayerEnds(v, field, totalWeights, fail);
}

/** An MLP-like config: inputDim × first hidden and last hidden × outputDim are layers too. */
function checkLayerEnds(v: Obj, f: string, total: number, fail: (f: string, p: string) => never): void {
  const hidden = own(v, 'hidden');
  if (!Array.isArray(hidden) || hidden.length === 0 || !hidden.every((d) => typeof d === 'number')) return;
  const pairs: [string, unknown, unknown][] = [
    ['inputDim', own(v, 'inputDim'), hidden[0]],
    ['outputDim', own(v, 'outputDim'), hidden[hidden.length - 1]],
  ];
  for (const [k, a, b] of pairs) {
    if (typeof a === 'number' && typeof b === 'number' && a * b > Math.max(total, 1)) {
      fail(`${f}.${k}`, `a layer of ${a} × ${b} needs ${a * b} weights but the save holds ${total}`);
    }
  }
}

/** Layer sizes: whole, ≥ 0, each ≤ the saved weight count and, in a list, consecutive products too. */
function checkSizes(x: unknown, f: string, total: number, fail: (f: string, p: string) => never): void {
  const bound = Math.max(total, 1);
  const one = (d: unknown, ff: string): void => {
    if (typeof d !== 'number') return; // not a size (a string option named like one)
    if (!Number.isInteger(d) || d < 0 || d > bound) {
      fail(ff, `a layer size must be a whole number in [0, ${bound}] (the save holds ${total} weights), found ${show(d)}`);
    }
  };
  if (typeof x === 'number') one(x, f);
  else if (Array.isArray(x) && x.every((d) => typeof d === 'number')) {
    x.forEach((d, i) => one(d, `${f}[${i}]`));
    for (let i = 1; i < x.length; i++) {
      if ((x[i - 1] as number) * (x[i] as number) > bound) {
        fail(f, `layers of ${x[i - 1]} and ${x[i]} units need ${(x[i - 1] as number) * (x[i] as number)} weights between them but the save holds ${total}`);
      }
    }
  }
}

function checkStandardizer(s: Obj, f: string, fail: (f: string, p: string) => never): void {
  const mean = own(s, 'mean');
  const std = own(s, 'std');
  const size = own(s, 'featureSize');
  const n = Array.isArray(mean) ? mean.length : -1;
  if (!Array.isArray(mean) || n > LIMITS.features || !mean.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail(`${f}.mean`, `a standardiser's mean must be an array of at most ${LIMITS.features} finite numbers, found ${show(mean)}`);
  }
  if (!Array.isArray(std) || std.length !== n || !std.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0)) {
    fail(`${f}.std`, `a standardiser's std must be ${n} finite numbers > 0 (one per mean), found ${show(std)}`);
  }
  if (size !== undefined && size !== n) fail(`${f}.featureSize`, `expected ${n} (the length of mean), found ${show(size)}`);
}

export type { WeightEntry };
