/**
 * Saved amortized estimators: the engine's bundle (manifest.json + weights.bin, see
 * src/nn/io/format.ts) with, in the manifest,
 *   kind         'npe' | 'nbe' | 'nle' | 'nre'
 *   fingerprint  the CompiledModel's fingerprint (loading for another model is refused)
 *   config       { amortizedVersion, paramDim, dataDim, encoder, estimator }   — rebuilds the modules;
 *                also `calibration` (the CalibrationReport, or null) and `ood` (the OodReference of
 *                ./ood.ts, or null): optional, absent from saves made before they existed
 *   normalization  standardisation statistics (data in `encoder`, parameters here)
 *   training     the TrainingRecord (epochs, losses, simulations, seed, seconds)
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import { InferenceError } from '../../lang/errors.js';
import { BundleMismatchError, FormatError, SAVE_LIMITS, initNeuralBackend, loadBundle, type LoadedBundle, type SerializedBundle } from '../../nn/index.js';
import type { DataEncoderJSON } from './data-encoder.js';
import type { CalibrationReport } from '../../diagnostics/report.js';
import type { OodReference } from './ood.js';

/** Version of the `config` layout below (the engine versions the file format itself). */
export const AMORTIZED_CONFIG_VERSION = 1;

export interface AmortizedConfig<E = unknown> {
  amortizedVersion: number;
  /** P, length of the param block of u. */
  paramDim: number;
  dataDim: number;
  encoder: DataEncoderJSON;
  /** The backend's own settings (density spec, quantile levels, ...). */
  estimator: E;
  /** The estimator's calibration report on fresh simulations, when it has one. */
  calibration?: CalibrationReport | null;
  /** The training data's description for out-of-distribution warnings. */
  ood?: OodReference | null;
}

export interface LoadEstimatorOptions {
  /** Refuse the bundle unless it was trained on this model (checked again at every `infer`). */
  model?: CompiledModel;
}

/**
 * Where a saved estimator comes from: a save folder (Node), or a save in memory — the
 * `{ manifest, weights }` of `estimator.serialize()` or the bytes of `estimator.toBytes()`
 * (browser-safe: no file system involved).
 */
export type EstimatorSource = string | SerializedBundle | Uint8Array;

/**
 * Read a saved estimator of `kind`; a bundle of another kind, another model, or a newer config
 * version is refused with an InferenceError saying which.
 */
export async function readEstimatorBundle<E>(dir: EstimatorSource, kind: string, opts: LoadEstimatorOptions = {}): Promise<LoadedBundle & { config: AmortizedConfig<E> }> {
  // Every loader rebuilds its modules right after this: their weights are created on the backend in
  // use, so start the fastest one now (not tfjs's CPU default).
  await initNeuralBackend();
  let bundle: LoadedBundle;
  try {
    bundle = await loadBundle(dir, { kind, ...(opts.model ? { fingerprint: opts.model.fingerprint } : {}) });
  } catch (e) {
    if (e instanceof BundleMismatchError) throw new InferenceError(`cannot load ${kind} estimator: ${e.message}`);
    if (e instanceof FormatError) throw e;
    throw e;
  }
  const config = bundle.manifest.config as AmortizedConfig<E>;
  if (!config || typeof config !== 'object' || typeof config.amortizedVersion !== 'number' || !Number.isInteger(config.amortizedVersion)) {
    throw new FormatError(bundle.dir, 'config.amortizedVersion', 'not an amortized estimator save (expected a whole-number amortizedVersion in its config)');
  }
  for (const k of ['paramDim', 'dataDim'] as const) {
    const v = (config as unknown as Record<string, unknown>)[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > SAVE_LIMITS.features) {
      throw new FormatError(bundle.dir, `config.${k}`, `expected a whole number in [1, ${SAVE_LIMITS.features}], found ${String(v)}`);
    }
  }
  if (config.amortizedVersion > AMORTIZED_CONFIG_VERSION) {
    throw new InferenceError(`${bundle.dir}: saved with estimator config version ${config.amortizedVersion}; this amortize reads up to ${AMORTIZED_CONFIG_VERSION}: upgrade amortize`);
  }
  return { ...bundle, config };
}
