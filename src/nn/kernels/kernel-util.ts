/**
 * Small helpers shared by the patched kernels: calling another kernel of the same backend and
 * moving raw float32 data in and out of a backend. Kernels work on `TensorInfo`s (dataId + shape),
 * not on `tf.Tensor`s: inside a kernel the engine's tape and ref-counting are not ours to touch,
 * so every intermediate we create we also dispose through `backend.disposeData`.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/** Run kernel `name` of `backendName` directly (no tape, no engine bookkeeping). */
export function callKernel(
  name: string,
  backendName: string,
  backend: KernelBackend,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const k = tf.getKernel(name, backendName);
  if (k === undefined) throw new Error(`amortize/nn: kernel ${name} missing on backend ${backendName}`);
  const out = k.kernelFunc({ inputs, backend, attrs });
  return Array.isArray(out) ? out[0]! : out;
}

/** Read a tensor's values synchronously as float32 (copies on wasm; cheap for the sizes here). */
export function readF32(backend: KernelBackend, t: TensorInfo): Float32Array {
  const v = backend.readSync(t.dataId);
  return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
}

/** Read int32 values (segment ids). */
export function readI32(backend: KernelBackend, t: TensorInfo): Int32Array {
  const v = backend.readSync(t.dataId);
  return v instanceof Int32Array ? v : Int32Array.from(v as ArrayLike<number>);
}

/** A new backend tensor holding `values` with `shape` (float32). */
export function writeF32(backend: KernelBackend, values: Float32Array, shape: number[]): TensorInfo {
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

/** The wasm backend's heap accessors (duck-typed: present on BackendWasm only). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array;
}

function isHeapBackend(b: KernelBackend): b is KernelBackend & HeapBackend {
  return typeof (b as unknown as HeapBackend).typedArrayFromHeap === 'function' && typeof (b as unknown as HeapBackend).makeOutput === 'function';
}

/**
 * Float32 values of `t` without a copy where the backend allows (a view into the wasm heap), else a
 * copy. A heap view is invalidated when the heap grows, i.e. by any later allocation: take views
 * after allocating outputs (`allocF32`) and do not keep them across kernel calls.
 */
export function viewF32(backend: KernelBackend, t: TensorInfo): Float32Array {
  if (isHeapBackend(backend)) return backend.typedArrayFromHeap(t) as Float32Array;
  return readF32(backend, t);
}

/** An output buffer being filled in JS: `data()` gives a zeroed float32 array, `finish()` the tensor. */
export interface OutputF32 {
  data(): Float32Array;
  finish(): TensorInfo;
}

/**
 * Allocate a float32 output of `shape`. On wasm it lives in the heap (no copy at the end); elsewhere
 * it is a JS array written to the backend by `finish()`. Zeroed.
 */
export function allocF32(backend: KernelBackend, shape: number[]): OutputF32 {
  if (isHeapBackend(backend)) {
    const info = backend.makeOutput(shape, 'float32');
    let zeroed = false;
    return {
      data: () => {
        const v = backend.typedArrayFromHeap(info) as Float32Array;
        if (!zeroed) { v.fill(0); zeroed = true; }
        return v;
      },
      finish: () => info,
    };
  }
  const arr = new Float32Array(shape.reduce((a, b) => a * b, 1));
  return { data: () => arr, finish: () => writeF32(backend, arr, shape) };
}

/** A view of `t` with another shape over the same data (row-major, same size); no copy. */
export function reshapeInfo(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}
