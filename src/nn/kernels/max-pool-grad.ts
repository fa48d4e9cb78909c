/**
 * Fix 5 (correctness): MaxPoolGrad on wasm.
 *
 * Measured here (test/nn/kernels.test.ts): the shipped wasm MaxPoolGrad drops the gradient of any
 * pooling window whose maximum is negative, and breaks ties toward the last element where the cpu
 * backend (and TensorFlow) pick the first. This JS kernel routes dy to the first arg-max of each
 * window, exactly like the cpu backend.
 * input: (N, H, W, C), dy: (N, Ho, Wo, C) → dx: (N, H, W, C). NHWC only, as tf.maxPool is.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo, KernelBackend } from '@tensorflow/tfjs';
import { allocF32, viewF32 } from './kernel-util.js';

export const maxPoolGradKernel: KernelFunc = ({ inputs, backend: kb, attrs }) => {
  const backend = kb as KernelBackend;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
    filterSize: [number, number] | number; strides: [number, number] | number;
    pad: 'valid' | 'same' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const out = allocF32(backend, [...input.shape]);
  const dx = out.data();
  const x = viewF32(backend, input); // views taken after the allocation
  const g = viewF32(backend, dy);
  // Channels innermost: each window cell is a contiguous run of C values, compared against the
  // running best of every channel at once. Strict '>' keeps the first maximum, as the cpu backend.
  const best = new Float32Array(C);
  const at = new Int32Array(C);
  let o = 0;
  for (let n = 0; n < N; n++) {
    const xn = n * H * W * C;
    for (let oh = 0; oh < Ho; oh++) {
      const h0 = Math.max(0, oh * sh - top);
      const h1 = Math.min(H, oh * sh - top + fh);
      for (let ow = 0; ow < Wo; ow++, o += C) {
        const w0 = Math.max(0, ow * sw - left);
        const w1 = Math.min(W, ow * sw - left + fw);
        best.fill(-Infinity);
        at.fill(-1);
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            const base = xn + (h * W + w) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c]!;
              if (v > best[c]! || at[c]! < 0) { best[c] = v; at[c] = base + c; }
            }
          }
        }
        for (let c = 0; c < C; c++) if (at[c]! >= 0) dx[at[c]!] += g[o + c]!;
      }
    }
  }
  return out.finish();
};

/** Replace MaxPoolGrad on `backendName`. Returns false if already replaced. */
export function patchMaxPoolGrad(backendName: string): boolean {
  const original = tf.getKernel('MaxPoolGrad', backendName) as (KernelConfig & { amortizePatched?: boolean }) | undefined;
  if (original?.amortizePatched) return false;
  if (original !== undefined) tf.unregisterKernel('MaxPoolGrad', backendName);
  const config: KernelConfig & { amortizePatched: boolean } = { kernelName: 'MaxPoolGrad', backendName, kernelFunc: maxPoolGradKernel, amortizePatched: true };
  if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  tf.registerKernel(config);
  return true;
}
