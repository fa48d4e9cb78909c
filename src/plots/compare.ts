/**
 * The `compare` view: for each parameter, each backend's posterior median with its 50% (thick)
 * and 90% (thin) central intervals, one row per backend, and the reference value as a red rule.
 * Works for point-estimate backends (NBE) too: it needs only quantiles.
 */
import type { Posterior } from '../backends/posterior.js';
import { REFERENCE_COLOR, type VegaLiteSpec, facetColumns, n, q, topLevel } from './spec.js';

export interface IntervalRow {
  backend: string;
  parameter: string;
  /** The posterior median (the mean for backends that estimate no median). */
  median: number;
  /** 90% interval. */
  lo90: number;
  hi90: number;
  /** 50% interval (optional: point estimators may not have it). */
  lo50?: number;
  hi50?: number;
}

/** Intervals of one posterior; quantiles it cannot give are left out. */
export function intervalRows(backend: string, posterior: Posterior): IntervalRow[] {
  const tryQ = (level: number): Float64Array | undefined => {
    try { return posterior.quantile(level); } catch { return undefined; }
  };
  const tryF = (f: () => Float64Array): Float64Array | undefined => { try { return f(); } catch { return undefined; } };
  // Point-estimate backends trained for the mean only (NBE with squared error) have no median.
  const median = tryQ(0.5) ?? tryF(() => posterior.median()) ?? tryF(() => posterior.mean());
  const q05 = tryQ(0.05), q95 = tryQ(0.95), q25 = tryQ(0.25), q75 = tryQ(0.75);
  return posterior.names.map((parameter, j) => ({
    backend, parameter,
    median: median?.[j] ?? NaN,
    lo90: q05?.[j] ?? NaN, hi90: q95?.[j] ?? NaN,
    ...(q25 && q75 ? { lo50: q25[j]!, hi50: q75[j]! } : {}),
  }));
}

export function compareSpec(
  input: Record<string, Posterior> | IntervalRow[],
  options: { title?: string; reference?: Record<string, number>; params?: readonly string[] } = {},
): VegaLiteSpec {
  let rows = Array.isArray(input) ? input : Object.entries(input).flatMap(([name, p]) => intervalRows(name, p));
  if (options.params) rows = rows.filter((r) => options.params!.includes(r.parameter));
  const parameters = [...new Set(rows.map((r) => r.parameter))];
  const backends = [...new Set(rows.map((r) => r.backend))];
  const values: Record<string, unknown>[] = rows.map((r) => ({ ...r, kind: 'interval' }));
  for (const p of parameters) {
    const v = options.reference?.[p];
    if (v !== undefined && Number.isFinite(v)) values.push({ parameter: p, kind: 'reference', x: v });
  }
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  const y = n('backend', null, { sort: backends });
  const layer: VegaLiteSpec[] = [
    { transform: [...only('interval'), { filter: 'isValid(datum.lo90) && isFinite(datum.lo90)' }], mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y, x: q('lo90', null, { scale: { zero: false } }), x2: { field: 'hi90' }, color: n('backend', 'backend', { sort: backends }) } },
    { transform: [...only('interval'), { filter: 'isValid(datum.lo50) && isFinite(datum.lo50)' }], mark: { type: 'rule', strokeWidth: 5 }, encoding: { y, x: q('lo50'), x2: { field: 'hi50' }, color: n('backend', 'backend', { sort: backends }) } },
    { transform: [...only('interval'), { filter: 'isFinite(datum.median)' }], mark: { type: 'point', filled: true, size: 60, color: 'black' }, encoding: { y, x: q('median') } },
  ];
  if (values.some((v) => v.kind === 'reference')) {
    layer.push({ transform: only('reference'), mark: { type: 'rule', color: REFERENCE_COLOR, strokeDash: [6, 3], strokeWidth: 2 }, encoding: { x: q('x') } });
  }
  return topLevel(options.title ?? 'Backends compared', {
    data: { values },
    facet: { field: 'parameter', type: 'nominal', title: null, sort: parameters },
    columns: facetColumns(parameters.length),
    spec: { width: 220, height: Math.max(60, 26 * backends.length), layer },
    resolve: { scale: { x: 'independent' } },
  }, 'dot: median (mean if no median); thick: 50% interval; thin: 90% interval; dashed red: reference');
}
