/**
 * Fix 2: Conv2DBackpropFilter, which the wasm backend does not ship (so no CNN can train on it).
 *
 * im2col + matmul. With x: (N, H, W, Ci), dy: (N, Ho, Wo, Co) and a filter (fh, fw, Ci, Co):
 *   colsT (K, M), K = fh·fw·Ci rows, M = N·Ho·Wo columns,
 *     colsT[(kh·fw + kw)·Ci + ci, (n·Ho + oh)·Wo + ow] = x[n, oh·sh + kh·dh − top, ow·sw + kw·dw − left, ci]
 *   dW (K, Co) = colsT (K, M) · dy (M, Co)       — already the filter layout (fh, fw, Ci, Co).
 * colsT is built in JS straight in the transposed layout (sequential writes), directly in the wasm
 * heap, so the only backend call is one untransposed matmul — the fast path on wasm.
 * Only NHWC (channelsLast), the layout tfjs uses by default.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo, KernelBackend } from '@tensorflow/tfjs';
import { allocF32, callKernel, reshapeInfo, viewF32 } from './kernel-util.js';

type Pad = 'valid' | 'same' | number;
type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** Fill colsT (K, M) (zeroed on entry) from x (N, H, W, Ci); zero padding. */
export function im2colT(x: Float32Array, info: ConvInfo, colsT: Float32Array): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: Ci, outHeight: Ho, outWidth: Wo } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const M = N * Ho * Wo;
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      // Output columns ow whose input column iw = ow·sw + kw·dw − left lies inside [0, W).
      const off = kw * dw - left;
      const ow0 = Math.max(0, Math.ceil(-off / sw));
      const ow1 = Math.min(Wo, Math.floor((W - 1 - off) / sw) + 1);
      for (let ci = 0; ci < Ci; ci++) {
        const rowBase = ((kh * fw + kw) * Ci + ci) * M;
        for (let n = 0; n < N; n++) {
          for (let oh = 0; oh < Ho; oh++) {
            const ih = oh * sh + kh * dh - top;
            if (ih < 0 || ih >= H) continue;
            const dst = rowBase + (n * Ho + oh) * Wo;
            let src = ((n * H + ih) * W + ow0 * sw + off) * Ci + ci;
            const step = sw * Ci;
            for (let ow = ow0; ow < ow1; ow++, src += step) colsT[dst + ow] = x[src]!;
          }
        }
      }
    }
  }
}

export function conv2DBackpropFilterKernel(backendName: string): KernelFunc {
  return ({ inputs, backend: kb, attrs }) => {
    const backend = kb as KernelBackend;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
      strides: [number, number] | number; pad: Pad; dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number];
    };
    if (dataFormat === 'NCHW') throw new Error('amortize/nn: Conv2DBackpropFilter supports NHWC only');
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const M = info.batchSize * info.outHeight * info.outWidth;
    const K = info.filterHeight * info.filterWidth * info.inChannels;
    const Co = info.outChannels;
    const cols = allocF32(backend, [1, K, M]);
    im2colT(viewF32(backend, x), info, cols.data()); // views taken after the allocation
    const colsT = cols.finish();
    const dW = callKernel('BatchMatMul', backendName, backend, { a: colsT, b: reshapeInfo(dy, [1, M, Co]) },
      { transposeA: false, transposeB: false });
    backend.disposeData(colsT.dataId);
    return reshapeInfo(dW, [...filterShape]);
  };
}

/** Register the kernel on `backendName` unless it already has one. Returns true if registered. */
export function registerConv2DBackpropFilter(backendName: string): boolean {
  if (tf.getKernel('Conv2DBackpropFilter', backendName) !== undefined) return false;
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: conv2DBackpropFilterKernel(backendName) });
  return true;
}
