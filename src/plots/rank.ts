/**
 * Rank plots (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021): pool all chains, rank the
 * draws, and histogram each chain's ranks. If the chains sample the same distribution every
 * histogram is flat (dashed line: the expected count); a chain that is shifted or stuck piles up
 * at one end. More sensitive than trace plots for many chains.
 */
import { type DrawSource, elementChains, selectElements, toChainDraws } from './draws.js';
import { BAR_COLOR, type VegaLiteSpec, q, topLevel } from './spec.js';

export interface RankOptions {
  title?: string;
  params?: readonly string[];
  maxParams?: number;
  bins?: number;
}

/** Per-chain histograms of pooled ranks (0-based rank / total → bin). */
export function rankCounts(chains: Float64Array[], bins: number): number[][] {
  const all: { v: number; c: number }[] = [];
  chains.forEach((ch, c) => ch.forEach((v) => all.push({ v, c })));
  all.sort((a, b) => a.v - b.v);
  const counts = chains.map(() => new Array<number>(bins).fill(0));
  all.forEach(({ c }, rank) => counts[c]![Math.min(bins - 1, Math.floor((rank * bins) / all.length))]!++);
  return counts;
}

export function rankSpec(source: DrawSource, options: RankOptions = {}): VegaLiteSpec {
  const d = toChainDraws(source);
  const elements = selectElements(d, options.params, options.maxParams ?? 6);
  const bins = options.bins ?? 20;
  const rows: Record<string, unknown>[] = [];
  for (const j of elements) {
    const chains = elementChains(d, j);
    const counts = rankCounts(chains, bins);
    const expected = chains[0]!.length / bins;
    counts.forEach((cs, ci) => cs.forEach((count, b) => rows.push({ parameter: d.names[j], chain: `chain ${ci + 1}`, bin: b, lo: b / bins, hi: (b + 1) / bins, count, expected })));
  }
  // A grid built cell by cell: one row per element (its name as the y title of the first cell), one
  // column per chain (named above the first row), and one count scale for all cells, because every
  // chain has the same number of draws.
  const names = elements.map((j) => d.names[j]!);
  const chainNames = [...new Set(rows.map((r) => r.chain as string))];
  const maxCount = Math.max(...rows.map((r) => (r.count as number) * 1.1), ...rows.map((r) => (r.expected as number) * 1.5));
  const cell = (parameter: string, chain: string, r: number, c: number): VegaLiteSpec => ({
    width: 130,
    height: 70,
    ...(r === 0 ? { title: { text: chain, fontSize: 12, anchor: 'middle' } } : {}),
    transform: [{ filter: { and: [{ field: 'parameter', equal: parameter }, { field: 'chain', equal: chain }] } }],
    layer: [
      {
        mark: { type: 'rect', color: BAR_COLOR, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: q('lo', r === names.length - 1 ? 'rank (fraction)' : null, { scale: { domain: [0, 1] } }),
          x2: { field: 'hi' },
          y: q('count', c === 0 ? parameter : null, { scale: { domain: [0, maxCount] } }),
          y2: { datum: 0 },
        },
      },
      // Same axis title as the bars: vega-lite merges the titles of layered encodings.
      { mark: { type: 'rule', color: 'black', strokeDash: [4, 3] }, encoding: { y: q('expected', c === 0 ? parameter : null, { aggregate: 'mean' }) } },
    ],
  });
  return topLevel(options.title ?? 'Rank plots', {
    data: { values: rows },
    vconcat: names.map((parameter, r) => ({ hconcat: chainNames.map((chain, c) => cell(parameter, chain, r, c)), spacing: 8 })),
    spacing: 8,
  }, 'flat histograms = chains agree; dashed: expected count');
}
