/** Assign loaded weights to freshly built modules; names and shapes must match exactly. */
import * as tf from '@tensorflow/tfjs';
import type { Module } from '../networks/types.js';
import type { LoadedBundle } from './bytes.js';
import { FormatError } from './format-error.js';

export function assignWeights(modules: Record<string, Module>, weights: LoadedBundle['weights']): void {
  const expected = new Set<string>();
  for (const [mod, m] of Object.entries(modules)) {
    for (const w of m.weights()) {
      const name = `${mod}/${w.name}`;
      expected.add(name);
      const saved = weights.get(name);
      if (saved === undefined) throw new FormatError('saved network', name, 'no such weight in the save (was it saved from a different configuration?)');
      if (saved.shape.join(',') !== w.variable.shape.join(',')) {
        throw new FormatError('saved network', name, `shape [${saved.shape.join(', ')}] in the save but [${w.variable.shape.join(', ')}] in the network its config builds`);
      }
      const t = tf.tensor(saved.data, saved.shape, 'float32');
      w.variable.assign(t);
      t.dispose();
    }
  }
  for (const name of weights.keys()) if (!expected.has(name)) throw new FormatError('saved network', name, 'a weight the network its config builds does not have');
}
