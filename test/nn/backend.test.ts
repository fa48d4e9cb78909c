/** Backend selection: fallback order, override, idempotence. */
import { describe, expect, it } from 'vitest';
import { activeNeuralBackend, initNeuralBackend, tf } from '../../src/nn/backend.js';

describe('initNeuralBackend', () => {
  it('falls back from tensorflow (not installable here) to wasm with SIMD, and says why', async () => {
    const info = await initNeuralBackend();
    // tfjs-node cannot be installed on these machines; if a user has it, 'tensorflow' is right too.
    expect(['tensorflow', 'wasm']).toContain(info.name);
    if (info.name === 'wasm') {
      expect(info.simd).toBe(true);
      expect(info.fallbacks[0]).toMatch(/^tensorflow: /);
      expect(info.kernelFixes).toContain('Conv2DBackpropFilter');
    }
    expect(tf.getBackend()).toBe(info.name);
    expect(activeNeuralBackend()).toBe(info);
  });

  it('is idempotent and serialises concurrent calls', async () => {
    const [a, b] = await Promise.all([initNeuralBackend(), initNeuralBackend()]);
    expect(a).toBe(b);
  });

  it('honours an override and can switch back', async () => {
    const cpu = await initNeuralBackend({ prefer: 'cpu' });
    expect(cpu.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await initNeuralBackend({ prefer: 'wasm' });
    expect(wasm.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0])).toBe(6);
  });

  it('rejects an unknown backend name', async () => {
    await expect(initNeuralBackend({ prefer: 'webgpu' as never })).rejects.toThrow(/unknown backend 'webgpu'/);
  });
});
