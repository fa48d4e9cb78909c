/**
 * Training data as named arrays of N examples ("fields"), and the host-side work on them:
 * counting, dropping non-finite simulations, splitting off a validation set, and cutting shuffled
 * minibatches into tensors.
 */
import * as tf from '@tensorflow/tfjs';

/** N examples of one quantity: `data` is N × prod(shape), row-major; `shape` is one example's shape. */
export interface Field {
  data: Float32Array | Float64Array;
  shape: number[];
}

/** Named fields with the same N, e.g. { theta: (N, p), x: (N, n, d) }. */
export type TrainArrays = Record<string, Field>;

/** A minibatch: each field as a tensor (B, ...shape), float32. */
export type Batch = Record<string, tf.Tensor>;

/** Thrown when too many simulations are non-finite to train on. */
export class NonFiniteSimulationError extends Error {
  constructor(readonly dropped: number, readonly total: number, readonly maxFraction: number, readonly fields: string[]) {
    super(
      `${dropped} of ${total} simulations (${((100 * dropped) / total).toFixed(1)}%) contain NaN or infinite values ` +
      `(in ${fields.join(', ')}), more than the allowed ${(100 * maxFraction).toFixed(0)}%: ` +
      'check the simulator and the prior for values that overflow or divide by zero',
    );
    this.name = 'NonFiniteSimulationError';
  }
}

function rowSize(f: Field): number {
  return f.shape.reduce((a, b) => a * b, 1);
}

/** N, checking every field agrees. */
export function countExamples(arrays: TrainArrays): number {
  let n = -1;
  for (const [name, f] of Object.entries(arrays)) {
    const size = rowSize(f);
    if (f.data.length % size !== 0) throw new Error(`field '${name}': ${f.data.length} values is not a multiple of its row size ${size}`);
    const m = f.data.length / size;
    if (n >= 0 && m !== n) throw new Error(`fields disagree on the number of examples: '${name}' has ${m}, others ${n}`);
    n = m;
  }
  if (n < 0) throw new Error('no fields in the training data');
  return n;
}

/** Keep the rows with index in `rows`, in that order. */
export function selectRows(arrays: TrainArrays, rows: ArrayLike<number>): TrainArrays {
  const out: TrainArrays = {};
  for (const [name, f] of Object.entries(arrays)) {
    const size = rowSize(f);
    const data = new (f.data.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(rows.length * size);
    for (let i = 0; i < rows.length; i++) data.set(f.data.subarray(rows[i]! * size, (rows[i]! + 1) * size), i * size);
    out[name] = { data, shape: f.shape };
  }
  return out;
}

export interface DropResult {
  arrays: TrainArrays;
  dropped: number;
  total: number;
}

/**
 * Drop every example with a NaN or ±Inf in any field; throw NonFiniteSimulationError when more than
 * `maxFraction` of them are dropped.
 */
export function dropNonFinite(arrays: TrainArrays, maxFraction = 0.2): DropResult {
  const total = countExamples(arrays);
  const bad = new Uint8Array(total);
  const badFields = new Set<string>();
  for (const [name, f] of Object.entries(arrays)) {
    const size = rowSize(f);
    for (let i = 0; i < f.data.length; i++) {
      if (!Number.isFinite(f.data[i]!)) { bad[(i / size) | 0] = 1; badFields.add(name); }
    }
  }
  let dropped = 0;
  for (const b of bad) dropped += b;
  if (dropped === 0) return { arrays, dropped, total };
  if (dropped > maxFraction * total) throw new NonFiniteSimulationError(dropped, total, maxFraction, [...badFields]);
  const keep: number[] = [];
  for (let i = 0; i < total; i++) if (!bad[i]) keep.push(i);
  return { arrays: selectRows(arrays, keep), dropped, total };
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, u: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = p[i]!; p[i] = p[j]!; p[j] = t;
  }
  return p;
}

/** Split into (train, validation) with a seeded shuffle; validation gets round(fraction·N) rows (≥ 1 if fraction > 0). */
export function splitValidation(arrays: TrainArrays, fraction: number, u: () => number): { train: TrainArrays; validation: TrainArrays | null } {
  const n = countExamples(arrays);
  if (fraction <= 0) return { train: arrays, validation: null };
  const nVal = Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  const p = permutation(n, u);
  return { train: selectRows(arrays, p.subarray(nVal)), validation: selectRows(arrays, p.subarray(0, nVal)) };
}

/** The tensors for rows `rows` of every field: (B, ...shape) float32. Caller disposes. */
export function makeBatch(arrays: TrainArrays, rows: ArrayLike<number>): Batch {
  const out: Batch = {};
  for (const [name, f] of Object.entries(arrays)) {
    const size = rowSize(f);
    const buf = new Float32Array(rows.length * size);
    for (let i = 0; i < rows.length; i++) {
      const src = rows[i]! * size;
      for (let j = 0; j < size; j++) buf[i * size + j] = f.data[src + j]!;
    }
    out[name] = tf.tensor(buf, [rows.length, ...f.shape]);
  }
  return out;
}

export function disposeBatch(b: Batch): void {
  for (const t of Object.values(b)) t.dispose();
}
