/**
 * Trace plots: each element's draws against iteration, one colour per chain. Well-mixed chains
 * look like overlapping stationary noise; a chain stuck elsewhere stands out at once.
 */
import { thinIndices } from './data.js';
import { type DrawSource, elementChains, selectElements, toChainDraws } from './draws.js';
import { REFERENCE_COLOR, type VegaLiteSpec, n, q, topLevel } from './spec.js';

export interface TraceOptions {
  title?: string;
  params?: readonly string[];
  maxParams?: number;
  /** Points per chain and panel (thinned evenly). Default 400. */
  maxPoints?: number;
  reference?: Record<string, number>;
}

export function traceSpec(source: DrawSource, options: TraceOptions = {}): VegaLiteSpec {
  const d = toChainDraws(source);
  const elements = selectElements(d, options.params, options.maxParams ?? 8);
  const rows: Record<string, unknown>[] = [];
  for (const j of elements) {
    const parameter = d.names[j]!;
    elementChains(d, j).forEach((c, ci) => {
      for (const i of thinIndices(c.length, options.maxPoints ?? 400)) rows.push({ parameter, chain: `chain ${ci + 1}`, draw: i + 1, value: c[i]! });
    });
    const ref = options.reference?.[parameter];
    if (ref !== undefined && Number.isFinite(ref)) rows.push({ parameter, chain: 'reference', value: ref, kind: 'reference' });
  }
  // One panel per element stacked vertically, the element's name as the y-axis title (row-facet
  // headers would float far from their panel when names differ in length).
  const panel = (parameter: string, last: boolean): VegaLiteSpec => {
    const layer: VegaLiteSpec[] = [{
      transform: [{ filter: "datum.kind !== 'reference'" }],
      mark: { type: 'line', strokeWidth: 0.8, opacity: 0.8 },
      encoding: { x: q('draw', last ? 'draw' : null), y: q('value', parameter, { scale: { zero: false } }), color: n('chain', 'chain') },
    }];
    if (rows.some((r) => r.kind === 'reference' && r.parameter === parameter)) {
      layer.push({
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'rule', color: REFERENCE_COLOR, strokeDash: [6, 3], strokeWidth: 1.5 },
        encoding: { y: q('value', parameter) },
      });
    }
    return { width: 520, height: 90, transform: [{ filter: { field: 'parameter', equal: parameter } }], layer };
  };
  return topLevel(options.title ?? 'Trace plots', {
    data: { values: rows },
    vconcat: elements.map((j, i) => panel(d.names[j]!, i === elements.length - 1)),
    spacing: 12,
    resolve: { scale: { color: 'shared' } },
  });
}
