/**
 * `loadEstimator(dir, { model })`: load any saved amortized estimator (NPE, NBE, NLE, NRE) without
 * saying which backend made it.
 *
 *   await est.save('coin.npe');
 *   const again = await loadEstimator('coin.npe', { model: coin.compile({ n: 10 }) });
 *   const post = await infer(coin, { n: 10, heads: 7 }, again);
 *
 * It reads the `kind` in the save's manifest.json (src/nn/io/format.ts) and hands the
 * directory to that backend's own loader, imported on demand: loading an NPE never loads the NRE
 * code. Everything the backend loaders check still holds (the model fingerprint, the format and
 * config versions, the weights' checksum).
 */
import * as path from 'node:path';
import type { CompiledModel, Inputs } from '../lang/compiled-model.js';
import { InferenceError } from '../lang/errors.js';
import type { Model } from '../lang/model.js';
import { resolveSavedDir } from '../nn/io/atomic.js';
import { bundleFromBytes } from '../nn/io/bytes.js';
import { FORMAT_NAME, MANIFEST_FILE } from '../nn/io/format.js';
import { validateManifest } from '../nn/io/manifest.js';
import { readManifestJson } from '../nn/io/save.js';
import type { EstimatorSource } from './amortized/bundle.js';
import type { Nbe } from './nbe/trained.js';
import type { Nle } from './nle/trained.js';
import type { Npe } from './npe/trained.js';
import type { Nre } from './nre/trained.js';

/** A trained estimator of any saved kind; narrow it with `est.kind === 'npe'` and so on. */
export type SavedEstimator = Npe | Nbe | Nle | Nre;

/** The kinds `loadEstimator` can read. */
export const ESTIMATOR_KINDS = ['npe', 'nbe', 'nle', 'nre'] as const;
export type EstimatorKind = (typeof ESTIMATOR_KINDS)[number];

export interface LoadAnyEstimatorOptions {
  /**
   * Refuse the save unless it was trained on this model. A compiled model, or a `Model` together
   * with `inputs` (it is compiled here). Without it the check happens at the first `infer`.
   */
  model?: CompiledModel | Model;
  /** Inputs to compile `model` with, when `model` is not compiled yet. */
  inputs?: Inputs;
}

/**
 * The kind recorded in a save (`'npe'`, `'nbe'`, ...), read from its manifest only. An
 * `InferenceError` if `dir` holds no amortize save or its kind is not one of ESTIMATOR_KINDS.
 */
export async function savedEstimatorKind(dir: EstimatorSource): Promise<EstimatorKind> {
  let raw: unknown;
  let where: string;
  if (typeof dir === 'string') {
    const w = await resolveSavedDir(dir, MANIFEST_FILE);
    if (w === null) {
      throw new InferenceError(`${path.resolve(dir)} is not a saved estimator: it has no ${MANIFEST_FILE} (write one with \`await estimator.save(dir)\` or \`amortize train --out dir\`)`);
    }
    where = w;
    raw = await readManifestJson(where); // FormatError when it is not bounded, regular, JSON
  } else if (dir instanceof Uint8Array) {
    where = 'in-memory save';
    raw = bundleFromBytes(dir).manifest;
  } else {
    where = 'in-memory save';
    raw = (dir as { manifest?: unknown } | null)?.manifest;
  }
  // The format and kind first (the friendliest message for a foreign file), then every field.
  const m = raw as { format?: unknown; kind?: unknown } | null;
  if (m === null || typeof m !== 'object' || m.format !== FORMAT_NAME) {
    throw new InferenceError(`${where} is not a saved estimator: ${MANIFEST_FILE} is not an amortize network manifest (format '${String(m?.format)}')`);
  }
  if (typeof m.kind !== 'string' || !Object.prototype.hasOwnProperty.call(LOADERS, m.kind)) {
    throw new InferenceError(`${where} holds an estimator of unknown kind '${String(m.kind)}'; this amortize loads ${ESTIMATOR_KINDS.join(', ')}`);
  }
  const manifest = validateManifest(raw, where);
  return manifest.kind as EstimatorKind;
}

const LOADERS: Record<EstimatorKind, true> = Object.assign(Object.create(null) as Record<EstimatorKind, true>, { npe: true, nbe: true, nle: true, nre: true });

/**
 * Load a saved amortized estimator of whatever kind it is. With `model`, a save trained on another
 * model (or other inputs) is refused with an `InferenceError`, as by the backends' own loaders.
 */
export async function loadEstimator(dir: EstimatorSource, opts: LoadAnyEstimatorOptions = {}): Promise<SavedEstimator> {
  const kind = await savedEstimatorKind(dir);
  const model = opts.model === undefined ? undefined : compiled(opts.model, opts.inputs);
  const o = model ? { model } : {};
  switch (kind) {
    case 'npe':
      return (await import('./npe/backend.js')).loadNpe(dir, o);
    case 'nbe':
      return (await import('./nbe/backend.js')).loadNbe(dir, o);
    case 'nle':
      return (await import('./nle/backend.js')).nle().load(dir, o);
    case 'nre':
      return (await import('./nre/backend.js')).nre().load(dir, o);
  }
}

function compiled(model: CompiledModel | Model, inputs: Inputs | undefined): CompiledModel {
  if ('compile' in model && typeof model.compile === 'function') return model.compile(inputs ?? {});
  return model as CompiledModel;
}
