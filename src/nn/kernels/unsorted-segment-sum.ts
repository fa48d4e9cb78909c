/**
 * Fix 3: UnsortedSegmentSum, missing on wasm; it is the gradient of `tf.gather` (and so of
 * embedding lookups and any gather-based indexing inside a loss).
 *
 * x: (S..., inner...) with segmentIds: (S...) int32 → out (numSegments, inner...),
 * out[s] = Σ_{i : ids[i] = s} x[i]. Ids outside [0, numSegments) are dropped, as in TensorFlow.
 * A plain JS loop: the sizes that reach it (gradients of gathers) are small.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo, KernelBackend } from '@tensorflow/tfjs';
import { readF32, readI32, writeF32 } from './kernel-util.js';

export const unsortedSegmentSumKernel: KernelFunc = ({ inputs, backend: kb, attrs }) => {
    const backend = kb as KernelBackend;
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as { numSegments: number };
  if (x.dtype !== 'float32') throw new Error(`amortize/nn: UnsortedSegmentSum supports float32 only, got ${x.dtype}`);
  const xs = readF32(backend, x);
  const ids = readI32(backend, segmentIds);
  const inner = ids.length === 0 ? 0 : xs.length / ids.length;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = new Float32Array(numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j]! += xs[src + j]!;
  }
  return writeF32(backend, out, outShape);
};

/** Register on `backendName` unless it has one. Returns true if registered. */
export function registerUnsortedSegmentSum(backendName: string): boolean {
  if (tf.getKernel('UnsortedSegmentSum', backendName) !== undefined) return false;
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: unsortedSegmentSumKernel });
  return true;
}
