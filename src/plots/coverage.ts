/**
 * Coverage curves: empirical coverage of credible intervals against their nominal level, one
 * line per parameter with ±2 SE error bars, and the diagonal a calibrated posterior follows.
 * Above the diagonal = conservative (too wide), below = overconfident.
 */
import type { CoverageResult } from '../diagnostics/coverage.js';
import { type VegaLiteSpec, n, q, topLevel } from './spec.js';

export interface CoveragePlotOptions {
  title?: string;
  /** One name per row of the result (per parameter; 'joint' for HPD). */
  names?: readonly string[];
}

/** From a CoverageResult, or from plain rows { parameter, level, coverage, se? }. */
export function coverageSpec(
  input: CoverageResult | { parameter: string; level: number; coverage: number; se?: number }[],
  options: CoveragePlotOptions = {},
): VegaLiteSpec {
  const rows: Record<string, unknown>[] = [];
  if (Array.isArray(input)) {
    for (const r of input) rows.push({ ...r, lo: Math.max(0, r.coverage - 2 * (r.se ?? 0)), hi: Math.min(1, r.coverage + 2 * (r.se ?? 0)) });
  } else {
    input.rows.forEach((levels, j) => {
      const parameter = options.names?.[j] ?? (input.method === 'hpd' ? 'joint (HPD)' : `θ[${j + 1}]`);
      for (const l of levels) rows.push({ parameter, level: l.level, coverage: l.coverage, lo: Math.max(0, l.coverage - 2 * l.seEstimate), hi: Math.min(1, l.coverage + 2 * l.seEstimate) });
    });
  }
  const scale = { domain: [0, 1] };
  return topLevel(options.title ?? 'Expected coverage', {
    width: 360,
    height: 360,
    layer: [
      { data: { values: [{ a: 0, b: 0 }, { a: 1, b: 1 }] }, mark: { type: 'line', color: '#888888', strokeDash: [5, 4] }, encoding: { x: q('a', 'nominal level', { scale }), y: q('b', 'empirical coverage', { scale }) } },
      { data: { values: rows }, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: q('level'), y: q('lo'), y2: { field: 'hi' }, color: n('parameter', 'parameter') } },
      { data: { values: rows }, mark: { type: 'line', point: true }, encoding: { x: q('level'), y: q('coverage'), color: n('parameter', 'parameter') } },
    ],
  }, 'dashed: calibrated; above = conservative, below = overconfident; bars: ±2 SE');
}
