/**
 * The kernel fixes for tfjs's wasm backend, registered through the public kernel registry.
 * See STACK.md: as shipped, wasm cannot train a CNN, cannot differentiate `gather`, and runs the
 * dense-layer backward pass ~7× slower than it could. Two more measured here: the shipped
 * Conv2DBackpropInput is a slow direct loop, and MaxPoolGrad loses the gradient of windows whose
 * maximum is negative.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { patchBatchMatMul } from './batch-matmul.js';
import { registerConv2DBackpropFilter } from './conv2d-backprop-filter.js';
import { patchConv2DBackpropInput } from './conv2d-backprop-input.js';
import { registerUnsortedSegmentSum } from './unsorted-segment-sum.js';
import { patchMaxPoolGrad } from './max-pool-grad.js';

export { patchBatchMatMul, registerConv2DBackpropFilter, patchConv2DBackpropInput, registerUnsortedSegmentSum, patchMaxPoolGrad };

/** Which fixes to apply; all by default. */
export interface KernelFixOptions {
  batchMatMul?: boolean;
  conv2DBackpropFilter?: boolean;
  conv2DBackpropInput?: boolean;
  unsortedSegmentSum?: boolean;
  maxPoolGrad?: boolean;
}

const FIXES: { key: keyof KernelFixOptions; kernel: string; apply: (backendName: string) => boolean }[] = [
  { key: 'batchMatMul', kernel: 'BatchMatMul', apply: patchBatchMatMul },
  { key: 'conv2DBackpropFilter', kernel: 'Conv2DBackpropFilter', apply: registerConv2DBackpropFilter },
  { key: 'conv2DBackpropInput', kernel: 'Conv2DBackpropInput', apply: patchConv2DBackpropInput },
  { key: 'unsortedSegmentSum', kernel: 'UnsortedSegmentSum', apply: registerUnsortedSegmentSum },
  { key: 'maxPoolGrad', kernel: 'MaxPoolGrad', apply: patchMaxPoolGrad },
];

/** The shipped kernel each fix replaced (undefined: there was none), per backend, for removal. */
const originals = new Map<string, Map<string, KernelConfig | undefined>>();

/** Apply the fixes to `backendName` (idempotent). Returns the names of every fix now in place. */
export function registerKernelFixes(backendName = 'wasm', opts: KernelFixOptions = {}): string[] {
  const saved = originals.get(backendName) ?? new Map<string, KernelConfig | undefined>();
  originals.set(backendName, saved);
  for (const f of FIXES) {
    if (opts[f.key] === false || saved.has(f.kernel)) continue;
    const before = tf.getKernel(f.kernel, backendName);
    if (f.apply(backendName)) saved.set(f.kernel, before);
  }
  return [...saved.keys()];
}

/** Put the shipped kernels back (benchmarks compare "as shipped" with "fixed" in one process). */
export function removeKernelFixes(backendName = 'wasm'): void {
  const saved = originals.get(backendName);
  if (saved === undefined) return;
  for (const [kernel, before] of saved) {
    tf.unregisterKernel(kernel, backendName);
    if (before !== undefined) tf.registerKernel(before);
  }
  originals.delete(backendName);
}

/** The fixes currently registered on `backendName`. */
export function activeKernelFixes(backendName = 'wasm'): string[] {
  return [...(originals.get(backendName)?.keys() ?? [])];
}
