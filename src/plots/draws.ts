/**
 * The plain-data input of the draw-based plots: element names and per-chain draws (n × dim,
 * row-major, the Posterior layout). Builders accept a Posterior or this, so plots work on draws
 * from anywhere (a CSV, another library).
 */
import type { Posterior } from '../backends/posterior.js';

export interface ChainDraws {
  names: string[];
  chains: Float64Array[];
}

export type DrawSource = Posterior | ChainDraws;

function isPosterior(s: DrawSource): s is Posterior {
  return typeof (s as Posterior).chain === 'function' && typeof (s as Posterior).numChains === 'number';
}

export function toChainDraws(source: DrawSource): ChainDraws {
  if (!isPosterior(source)) return source;
  const chains = Array.from({ length: source.numChains }, (_, c) => source.chain(c));
  return { names: [...source.names], chains };
}

/** One element's draws across chains: [chain][draw]. */
export function elementChains(d: ChainDraws, j: number): Float64Array[] {
  const dim = d.names.length;
  return d.chains.map((c) => {
    const n = c.length / dim;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[i * dim + j]!;
    return out;
  });
}

/** One element's draws, all chains pooled. */
export function pooled(d: ChainDraws, j: number): Float64Array {
  const parts = elementChains(d, j);
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let k = 0;
  for (const p of parts) { out.set(p, k); k += p.length; }
  return out;
}

/** Indices of the elements to plot: the named ones, or the first `max`. */
export function selectElements(d: ChainDraws, names: readonly string[] | undefined, max: number): number[] {
  if (names) {
    return names.map((name) => {
      const j = d.names.indexOf(name);
      if (j < 0) throw new Error(`plot: unknown parameter '${name}'; known: ${d.names.join(', ')}`);
      return j;
    });
  }
  return d.names.slice(0, max).map((_, j) => j);
}
