/**
 * SBC plots (Talts et al. 2018; Säilynoja, Bürkner & Vehtari 2022) from a `SbcResult`
 * (src/diagnostics/sbc.ts):
 * - rank histograms with the 99% band of counts expected from uniform ranks (grey);
 * - ECDF-difference plots: ECDF(rank) − uniform CDF with the simultaneous band. A calibrated
 *   posterior stays inside the band; ∩ = too wide, ∪ = too narrow, a slope = bias.
 */
import type { SbcResult } from '../diagnostics/sbc.js';
import { BAND_COLOR, BAR_COLOR, type VegaLiteSpec, facetColumns, q, topLevel } from './spec.js';

export interface SbcPlotOptions {
  title?: string;
  /** Element names, in the order of the result's parameters. */
  names?: readonly string[];
  /** Histogram bins (default: about 5 simulations per bin, 5 to 20). */
  bins?: number;
}

const nameOf = (names: readonly string[] | undefined, j: number): string => names?.[j] ?? `θ[${j + 1}]`;

export function sbcHistogramSpec(result: SbcResult, options: SbcPlotOptions = {}): VegaLiteSpec {
  const rows: Record<string, unknown>[] = [];
  const { nSims, dim, maxRank, ranks } = result.ranks;
  // Re-binned for the eye rather than reusing the χ² test's bins (which aim at ~20 counts per
  // bin and leave only 2–3 bins for a quick SBC): about 5 expected per bin, 5 to 20 bins.
  const values = maxRank + 1;
  const bins = options.bins ?? Math.min(values, 20, Math.max(5, Math.round(nSims / 5)));
  const edges = Array.from({ length: bins + 1 }, (_, b) => Math.round((b * values) / bins));
  for (let j = 0; j < dim; j++) {
    const parameter = nameOf(options.names, j);
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < nSims; i++) {
      const r = ranks[i * dim + j]!;
      let b = Math.min(bins - 1, Math.floor((r * bins) / values));
      while (b > 0 && r < edges[b]!) b--;
      while (b < bins - 1 && r >= edges[b + 1]!) b++;
      counts[b]!++;
    }
    for (let b = 0; b < bins; b++) {
      const p = (edges[b + 1]! - edges[b]!) / values;
      const e = nSims * p;
      const sd = Math.sqrt(nSims * p * (1 - p));
      rows.push({ parameter, lo: edges[b]!, hi: edges[b + 1]!, count: counts[b]!, expected: e, bandLo: Math.max(0, e - 2.576 * sd), bandHi: e + 2.576 * sd });
    }
  }
  const names = result.parameters.map((_, j) => nameOf(options.names, j));
  return topLevel(options.title ?? 'SBC rank histograms', {
    data: { values: rows },
    facet: { field: 'parameter', type: 'nominal', title: null, sort: names },
    columns: facetColumns(names.length),
    spec: {
      width: 220,
      height: 130,
      layer: [
        { mark: { type: 'rect', color: '#dddddd' }, encoding: { x: q('lo', 'rank'), x2: { field: 'hi' }, y: q('bandLo', 'count'), y2: { field: 'bandHi' } } },
        { mark: { type: 'rect', color: BAR_COLOR, stroke: 'white', strokeWidth: 0.5 }, encoding: { x: q('lo'), x2: { field: 'hi' }, y: q('count'), y2: { datum: 0 } } },
        { mark: { type: 'rule', color: 'black', strokeDash: [4, 3] }, encoding: { x: q('lo'), x2: { field: 'hi' }, y: q('expected') } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  }, `${nSims} simulations, ${result.ranks.maxRank} draws each; grey: 99% band for uniform ranks`);
}

export function sbcEcdfSpec(result: SbcResult, options: SbcPlotOptions = {}): VegaLiteSpec {
  const { z, lower, upper } = result.bands;
  const rows: Record<string, unknown>[] = [];
  const names = result.parameters.map((_, j) => nameOf(options.names, j));
  result.parameters.forEach((p, j) => {
    const parameter = names[j]!;
    // The band and the curve start and end at 0 (ECDF(0) = 0, ECDF(1) = 1 exactly).
    rows.push({ parameter, z: 0, diff: 0, lo: 0, hi: 0 });
    for (let k = 0; k < z.length; k++) rows.push({ parameter, z: z[k]!, diff: p.ecdf.difference[k]!, lo: lower[k]! - z[k]!, hi: upper[k]! - z[k]! });
    rows.push({ parameter, z: 1, diff: 0, lo: 0, hi: 0 });
  });
  return topLevel(options.title ?? 'SBC: ECDF difference', {
    data: { values: rows },
    facet: { field: 'parameter', type: 'nominal', title: null, sort: names },
    columns: facetColumns(names.length),
    spec: {
      width: 220,
      height: 130,
      layer: [
        { mark: { type: 'area', color: BAND_COLOR, opacity: 0.6 }, encoding: { x: q('z', 'fractional rank'), y: q('lo', 'ECDF − uniform'), y2: { field: 'hi' } } },
        { mark: { type: 'rule', color: '#888888' }, encoding: { y: { datum: 0 } } },
        { mark: { type: 'line', color: '#1f3b5a', strokeWidth: 2, interpolate: 'step-after' }, encoding: { x: q('z'), y: q('diff') } },
      ],
    },
  }, `blue band: ${Math.round((1 - result.bands.alpha) * 100)}% simultaneous band for a calibrated posterior`);
}
