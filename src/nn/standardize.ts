/**
 * Standardisation of network inputs and targets from the training set: z = (v − mean) / std per
 * feature (the last axis), stored with the network so inference uses the training set's statistics.
 * Statistics are float64 and serialise exactly through JSON.
 */
import * as tf from '@tensorflow/tfjs';

export interface StandardizerJSON {
  featureSize: number;
  mean: number[];
  std: number[];
}

export class Standardizer {
  /** (F) float64 */
  readonly mean: Float64Array;
  /** (F) float64, every entry > 0 */
  readonly std: Float64Array;
  private meanT: tf.Tensor1D | null = null;
  private invStdT: tf.Tensor1D | null = null;
  private stdT: tf.Tensor1D | null = null;

  constructor(mean: ArrayLike<number>, std: ArrayLike<number>) {
    if (mean.length !== std.length) throw new Error(`Standardizer: mean has ${mean.length} entries, std ${std.length}`);
    this.mean = Float64Array.from(mean);
    this.std = Float64Array.from(std);
    for (const s of this.std) if (!(s > 0) || !Number.isFinite(s)) throw new Error(`Standardizer: std must be finite and > 0, got ${s}`);
  }

  get featureSize(): number {
    return this.mean.length;
  }

  /** The identity transform for F features. */
  static identity(featureSize: number): Standardizer {
    return new Standardizer(new Float64Array(featureSize), new Float64Array(featureSize).fill(1));
  }

  /**
   * Fit to `values`, rows of `featureSize` (any number of rows: N examples, or N·n replicates, or
   * N·H·W pixels). Non-finite values are ignored. A feature with (near-)zero spread gets std 1 so
   * a constant input passes through centred instead of blowing up.
   */
  static fit(values: ArrayLike<number>, featureSize: number): Standardizer {
    if (values.length % featureSize !== 0) throw new Error(`Standardizer.fit: ${values.length} values is not a multiple of ${featureSize}`);
    const F = featureSize;
    const count = new Float64Array(F);
    const mean = new Float64Array(F);
    const m2 = new Float64Array(F);
    // Welford, per feature: stable for large offsets.
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      const f = i % F;
      const c = ++count[f]!;
      const d = v - mean[f]!;
      mean[f]! += d / c;
      m2[f]! += d * (v - mean[f]!);
    }
    const std = new Float64Array(F);
    for (let f = 0; f < F; f++) {
      const sd = count[f]! > 1 ? Math.sqrt(m2[f]! / (count[f]! - 1)) : 0;
      std[f] = sd > 1e-12 * Math.max(1, Math.abs(mean[f]!)) ? sd : 1;
    }
    return new Standardizer(mean, std);
  }

  /** (…, F) tensor → standardised (…, F). */
  apply(x: tf.Tensor): tf.Tensor {
    this.ensureTensors();
    return tf.tidy(() => tf.mul(tf.sub(x, this.meanT!), this.invStdT!));
  }

  /** Standardised (…, F) tensor → original scale. */
  invert(z: tf.Tensor): tf.Tensor {
    this.ensureTensors();
    return tf.tidy(() => tf.add(tf.mul(z, this.stdT!), this.meanT!));
  }

  /** Rows of F values → standardised float32 (for building batches without a tensor round trip). */
  applyArray(values: ArrayLike<number>, out = new Float32Array(values.length)): Float32Array {
    const F = this.featureSize;
    for (let i = 0; i < values.length; i++) out[i] = (values[i]! - this.mean[i % F]!) / this.std[i % F]!;
    return out;
  }

  /** Standardised rows → original scale (float64). */
  invertArray(values: ArrayLike<number>, out = new Float64Array(values.length)): Float64Array {
    const F = this.featureSize;
    for (let i = 0; i < values.length; i++) out[i] = values[i]! * this.std[i % F]! + this.mean[i % F]!;
    return out;
  }

  /**
   * log|det| of the map original → standardised, for one row: −Σ log std. A density learned on the
   * standardised scale converts back as log p(v) = log p_z(z) + logDetJacobian().
   */
  logDetJacobian(): number {
    let s = 0;
    for (const v of this.std) s -= Math.log(v);
    return s;
  }

  toJSON(): StandardizerJSON {
    return { featureSize: this.featureSize, mean: Array.from(this.mean), std: Array.from(this.std) };
  }

  static fromJSON(j: StandardizerJSON): Standardizer {
    return new Standardizer(j.mean, j.std);
  }

  /** Release the cached tensors (the statistics stay). */
  dispose(): void {
    this.meanT?.dispose();
    this.invStdT?.dispose();
    this.stdT?.dispose();
    this.meanT = this.invStdT = this.stdT = null;
  }

  private ensureTensors(): void {
    if (this.meanT !== null && !this.meanT.isDisposed) return;
    this.meanT = tf.keep(tf.tensor1d(Float32Array.from(this.mean)));
    this.invStdT = tf.keep(tf.tensor1d(Float32Array.from(this.std, (s) => 1 / s)));
    this.stdT = tf.keep(tf.tensor1d(Float32Array.from(this.std)));
  }
}
