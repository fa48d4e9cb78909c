/**
 * Fix 1: BatchMatMul with transposeA / transposeB.
 *
 * The wasm backend's matmul takes a ~7× slower path when either operand is transposed, and the
 * backward pass of every dense layer asks for exactly that (dW = xᵀ·dy, dx = dy·Wᵀ). We wrap the
 * shipped kernel: transpose the flagged operand explicitly with the (fast) Transpose kernel, then
 * call the plain, untransposed matmul. The original `setupFunc` is kept so the wasm function
 * binding still happens whether this is registered before or after `setBackend('wasm')`.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo, KernelBackend } from '@tensorflow/tfjs';
import { callKernel } from './kernel-util.js';

/** Permutation swapping the last two axes of a rank-`r` tensor. */
function swapLast(r: number): number[] {
  const p = Array.from({ length: r }, (_, i) => i);
  p[r - 2] = r - 1;
  p[r - 1] = r - 2;
  return p;
}

/**
 * Replace `BatchMatMul` on `backendName` with the transpose-then-multiply wrapper.
 * Returns false if there is no kernel to wrap or it is already wrapped.
 */
export function patchBatchMatMul(backendName: string): boolean {
  const original = tf.getKernel('BatchMatMul', backendName) as (KernelConfig & { amortizePatched?: boolean }) | undefined;
  if (original === undefined || original.amortizePatched) return false;
  const plain = original.kernelFunc;
  const kernelFunc: KernelFunc = ({ inputs, backend: kb, attrs }) => {
    const backend = kb as KernelBackend;
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return plain({ inputs, backend, attrs });
    // a: (..., M, K) or (..., K, M) when transposeA; b likewise. Materialise the transposes.
    const aT = transposeA ? callKernel('Transpose', backendName, backend, { x: a }, { perm: swapLast(a.shape.length) }) : a;
    const bT = transposeB ? callKernel('Transpose', backendName, backend, { x: b }, { perm: swapLast(b.shape.length) }) : b;
    const out = plain({ inputs: { a: aT, b: bT }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    if (transposeA) backend.disposeData(aT.dataId);
    if (transposeB) backend.disposeData(bT.dataId);
    return out;
  };
  tf.unregisterKernel('BatchMatMul', backendName);
  const config: KernelConfig & { amortizePatched: boolean } = {
    kernelName: 'BatchMatMul',
    backendName,
    kernelFunc,
    amortizePatched: true,
  };
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  if (original.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc;
  tf.registerKernel(config);
  return true;
}
