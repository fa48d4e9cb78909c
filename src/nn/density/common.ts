/**
 * Helpers shared by the estimators: argument checks with actionable messages, context handling,
 * the standard-normal log-density, and weight export/import for specs.
 */
import * as tf from '@tensorflow/tfjs';
import { standardNormalArray } from './random.js';

export const LOG_2PI = Math.log(2 * Math.PI);

/** Σ_d log N(z_d; 0, 1) for z (B, D) → (B). */
export function standardNormalLogProb(z: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const d = z.shape[1];
    return tf.sub(tf.mul(tf.sum(tf.square(z), 1), -0.5), 0.5 * d * LOG_2PI) as tf.Tensor1D;
  });
}

/** Throws unless y is (B, dim) and context is (B, contextDim) (or null with contextDim 0). */
export function checkInputs(
  who: string,
  dim: number,
  contextDim: number,
  y: tf.Tensor,
  context: tf.Tensor | null,
): void {
  if (y.rank !== 2 || y.shape[1] !== dim) {
    throw new Error(`${who}: y must have shape (B, ${dim}), got (${y.shape.join(', ')})`);
  }
  checkContext(who, contextDim, context, y.shape[0]);
}

export function checkContext(who: string, contextDim: number, context: tf.Tensor | null, rows?: number): void {
  if (context === null) {
    if (contextDim !== 0) throw new Error(`${who}: context of shape (B, ${contextDim}) is required, got null`);
    return;
  }
  if (context.rank !== 2 || context.shape[1] !== contextDim) {
    throw new Error(`${who}: context must have shape (B, ${contextDim}), got (${context.shape.join(', ')})`);
  }
  if (rows !== undefined && context.shape[0] !== rows) {
    throw new Error(`${who}: y has ${rows} rows but context has ${context.shape[0]}`);
  }
}

/** The context as a (B, C) tensor; a null context becomes (B, 0). Caller owns the result in a tidy. */
export function contextOrEmpty(context: tf.Tensor2D | null, rows: number): tf.Tensor2D {
  return context ?? tf.zeros([rows, 0]);
}

/**
 * Repeats every context row n times: (B, C) → (B·n, C), row b·n + i is c_b. With a null context
 * (C = 0) this is (n, 0): one unconditional batch.
 */
export function repeatContext(context: tf.Tensor2D | null, n: number): { rows: number; repeated: tf.Tensor2D } {
  if (context === null) return { rows: 1, repeated: tf.zeros([n, 0]) };
  const [b, c] = context.shape;
  return { rows: b, repeated: tf.reshape(tf.tile(tf.expandDims(context, 1), [1, n, 1]), [b * n, c]) as tf.Tensor2D };
}

/** (rows, D) seeded standard normal base noise, identical on every backend. */
export function baseNoise(rows: number, dim: number, seed: number): tf.Tensor2D {
  return tf.tensor2d(standardNormalArray(rows * dim, seed), [rows, dim]);
}

/** Concatenates along columns, skipping zero-width parts (some backends dislike empty tensors). */
export function concatColumns(parts: tf.Tensor2D[]): tf.Tensor2D {
  const kept = parts.filter((p) => p.shape[1] !== 0);
  if (kept.length === 0) return parts[0]!;
  return kept.length === 1 ? kept[0]! : tf.concat(kept, 1);
}

/** Copies of the variables' values, in order. */
export function exportWeights(vars: tf.Variable[]): Float32Array[] {
  return vars.map((v) => new Float32Array(v.dataSync() as Float32Array));
}

/** Assigns spec weights to variables, checking count and sizes. */
export function importWeights(who: string, vars: tf.Variable[], weights: Float32Array[]): void {
  if (weights.length !== vars.length) {
    throw new Error(`${who}: spec has ${weights.length} weight arrays, the estimator has ${vars.length} variables`);
  }
  vars.forEach((v, i) => {
    const w = weights[i]!;
    if (w.length !== v.size) {
      throw new Error(`${who}: weight ${i} has ${w.length} values, variable of shape (${v.shape.join(', ')}) needs ${v.size}`);
    }
    tf.tidy(() => v.assign(tf.tensor(w, v.shape, 'float32')));
  });
}
