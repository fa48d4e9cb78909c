/**
 * A stable hash of a model (its IR without source positions) and the inputs it was compiled
 * against. Used to refuse loading a network trained on another model. Simulator functions are
 * hashed by label and source text; typed arrays as plain arrays; object keys sorted.
 */
import { createHash } from 'node:crypto';
import type { ModelIR } from '../ir.js';
import type { Inputs } from '../compiled-model.js';

function canonical(value: unknown): unknown {
  if (typeof value === 'function') return { fn: value.toString() };
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      if (k === 'loc' || k === 'source') continue;
      out[k] = canonical((value as Record<string, unknown>)[k]);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

export function fingerprint(ir: ModelIR, inputs: Inputs): string {
  const text = JSON.stringify({ ir: canonical(ir.statements), inputs: canonical(inputs) });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
