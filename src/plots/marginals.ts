/**
 * Posterior marginals: one panel per parameter element with a density-scaled histogram, a kernel
 * density curve, and a red rule at the reference or true value when one is known.
 */
import { histogram, kde } from './data.js';
import { type DrawSource, pooled, selectElements, toChainDraws } from './draws.js';
import { BAR_COLOR, REFERENCE_COLOR, type VegaLiteSpec, facetColumns, q, topLevel } from './spec.js';

export interface MarginalOptions {
  title?: string;
  /** Reference / true values by element name; elements without one get no rule. */
  reference?: Record<string, number>;
  /** Which elements (default: the first `maxParams`). */
  params?: readonly string[];
  maxParams?: number;
}

export function marginalsSpec(source: DrawSource, options: MarginalOptions = {}): VegaLiteSpec {
  const d = toChainDraws(source);
  const elements = selectElements(d, options.params, options.maxParams ?? 16);
  const rows: Record<string, unknown>[] = [];
  for (const j of elements) {
    const parameter = d.names[j]!;
    const xs = pooled(d, j);
    for (const b of histogram(xs)) rows.push({ parameter, kind: 'bar', x0: b.x0, x1: b.x1, density: b.density });
    for (const p of kde(xs)) rows.push({ parameter, kind: 'kde', x: p.x, density: p.density });
    const ref = options.reference?.[parameter];
    if (ref !== undefined && Number.isFinite(ref)) rows.push({ parameter, kind: 'reference', x: ref });
  }
  const hasReference = rows.some((r) => r.kind === 'reference');
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  const layer: VegaLiteSpec[] = [
    {
      transform: only('bar'),
      mark: { type: 'rect', color: BAR_COLOR, opacity: 0.55 },
      encoding: { x: q('x0', null), x2: { field: 'x1' }, y: q('density', 'density'), y2: { datum: 0 } },
    },
    {
      transform: only('kde'),
      mark: { type: 'line', color: '#1f3b5a', strokeWidth: 2 },
      encoding: { x: q('x', null), y: q('density') },
    },
  ];
  if (hasReference) {
    layer.push({
      transform: only('reference'),
      mark: { type: 'rule', color: REFERENCE_COLOR, strokeWidth: 2, strokeDash: [6, 3] },
      encoding: { x: q('x', null) },
    });
  }
  return topLevel(options.title ?? 'Posterior marginals', {
    data: { values: rows },
    facet: { field: 'parameter', type: 'nominal', title: null, sort: elements.map((j) => d.names[j]) },
    columns: facetColumns(elements.length),
    spec: { width: 220, height: 140, layer },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  }, hasReference ? 'histogram and density; dashed red: reference value' : 'histogram and density');
}
