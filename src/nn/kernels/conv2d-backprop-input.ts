/**
 * Fix 4 (speed): Conv2DBackpropInput by matmul + col2im.
 *
 * The wasm backend's shipped kernel is a naive direct loop. With dy: (N, Ho, Wo, Co) and a filter
 * (fh, fw, Ci, Co) viewed as (K, Co), K = fh·fw·Ci:
 *   cols (M, K) = dy (M, Co) · Wᵀ (Co, K),    M = N·Ho·Wo
 *   dx[n, ih, iw, ci] = Σ cols[m, (kh·fw + kw)·Ci + ci] over the (m, kh, kw) that read (ih, iw)
 * The matmul runs untransposed on the backend; the scatter-add (col2im) runs in JS.
 * Only NHWC; dilation 1 (what the backward pass of tf.conv2d asks for).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo, KernelBackend } from '@tensorflow/tfjs';
import { allocF32, callKernel, reshapeInfo, viewF32 } from './kernel-util.js';

type Pad = 'valid' | 'same' | number;

/** Scatter-add cols (M, K) into dx (N, H, W, Ci) (zeroed on entry): the adjoint of im2col. */
export function col2im(cols: Float32Array, info: ReturnType<typeof tf.backend_util.computeConv2DInfo>, dx: Float32Array): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: Ci, outHeight: Ho, outWidth: Wo } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const K = fh * fw * Ci;
  let row = 0;
  for (let n = 0; n < N; n++) {
    const xn = n * H * W * Ci;
    for (let oh = 0; oh < Ho; oh++) {
      for (let ow = 0; ow < Wo; ow++, row++) {
        const base = row * K;
        for (let kh = 0; kh < fh; kh++) {
          const ih = oh * sh + kh - top;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * sw + kw - left;
            if (iw < 0 || iw >= W) continue;
            const dst = xn + (ih * W + iw) * Ci;
            const src = base + (kh * fw + kw) * Ci;
            for (let c = 0; c < Ci; c++) dx[dst + c] += cols[src + c]!;
          }
        }
      }
    }
  }
}

export function conv2DBackpropInputKernel(backendName: string): KernelFunc {
  return ({ inputs, backend: kb, attrs }) => {
    const backend = kb as KernelBackend;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
      strides: [number, number] | number; pad: Pad; dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil'; inputShape: [number, number, number, number];
    };
    if (dataFormat === 'NCHW') throw new Error('amortize/nn: Conv2DBackpropInput supports NHWC only');
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const M = info.batchSize * info.outHeight * info.outWidth;
    const K = info.filterHeight * info.filterWidth * info.inChannels;
    const Co = info.outChannels;
    const wT = callKernel('Transpose', backendName, backend, { x: reshapeInfo(filter, [K, Co]) }, { perm: [1, 0] });
    const cols = callKernel('BatchMatMul', backendName, backend,
      { a: reshapeInfo(dy, [1, M, Co]), b: reshapeInfo(wT, [1, Co, K]) }, { transposeA: false, transposeB: false });
    const dx = allocF32(backend, [...info.inShape]);
    col2im(viewF32(backend, cols), info, dx.data()); // views taken after the allocation
    backend.disposeData(wT.dataId);
    backend.disposeData(cols.dataId);
    return dx.finish();
  };
}

/**
 * Replace Conv2DBackpropInput on `backendName` with the matmul + col2im version (the shipped one is
 * kept as a fallback for NCHW). Returns false if already replaced.
 */
export function patchConv2DBackpropInput(backendName: string): boolean {
  const original = tf.getKernel('Conv2DBackpropInput', backendName) as (KernelConfig & { amortizePatched?: boolean }) | undefined;
  if (original?.amortizePatched) return false;
  const mine = conv2DBackpropInputKernel(backendName);
  const kernelFunc: KernelFunc = (args) =>
    (args.attrs as { dataFormat?: string }).dataFormat === 'NCHW' && original !== undefined ? original.kernelFunc(args) : mine(args);
  if (original !== undefined) tf.unregisterKernel('Conv2DBackpropInput', backendName);
  const config: KernelConfig & { amortizePatched: boolean } = { kernelName: 'Conv2DBackpropInput', backendName, kernelFunc, amortizePatched: true };
  if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  tf.registerKernel(config);
  return true;
}
