/**
 * Pair plot: a grid with each element's histogram on the diagonal and scatter plots of every pair
 * below it (the upper triangle would repeat them). Draws are thinned to keep the SVG small, and the
 * reference point, when known, is a red cross.
 */
import { histogram, thinIndices } from './data.js';
import { type DrawSource, pooled, selectElements, toChainDraws } from './draws.js';
import { BAR_COLOR, REFERENCE_COLOR, type VegaLiteSpec, q, topLevel } from './spec.js';

export interface PairOptions {
  title?: string;
  reference?: Record<string, number>;
  params?: readonly string[];
  /** At most this many elements (a 10 × 10 grid is already hard to read). Default 5. */
  maxParams?: number;
  /** Scatter points per panel. Default 800. */
  maxPoints?: number;
}

export function pairsSpec(source: DrawSource, options: PairOptions = {}): VegaLiteSpec {
  const d = toChainDraws(source);
  const elements = selectElements(d, options.params, options.maxParams ?? 5);
  const draws = elements.map((j) => pooled(d, j));
  const keep = thinIndices(draws[0]?.length ?? 0, options.maxPoints ?? 800);
  const names = elements.map((j) => d.names[j]!);
  const size = elements.length <= 3 ? 170 : 130;
  const ref = (name: string): number | undefined => {
    const v = options.reference?.[name];
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  };

  const rows: VegaLiteSpec[] = names.map((rowName, r) => ({
    hconcat: names.map((colName, c): VegaLiteSpec => {
      const axisX = { title: r === names.length - 1 ? colName : null };
      if (c > r) return { width: size, height: size, mark: { type: 'point', opacity: 0 }, data: { values: [{}] }, encoding: {} };
      if (c === r) {
        const layers: VegaLiteSpec[] = [{
          data: { values: histogram(draws[r]!) },
          mark: { type: 'rect', color: BAR_COLOR, opacity: 0.7 },
          encoding: { x: q('x0', null, { axis: axisX, scale: { zero: false } }), x2: { field: 'x1' }, y: q('density', c === 0 ? rowName : null), y2: { datum: 0 } },
        }];
        const v = ref(rowName);
        if (v !== undefined) layers.push({ data: { values: [{ x: v }] }, mark: { type: 'rule', color: REFERENCE_COLOR, strokeWidth: 2 }, encoding: { x: q('x') } });
        return { width: size, height: size, layer: layers };
      }
      const points = keep.map((i) => ({ x: draws[c]![i]!, y: draws[r]![i]! }));
      const layers: VegaLiteSpec[] = [{
        data: { values: points },
        mark: { type: 'circle', size: 8, opacity: 0.35, color: BAR_COLOR },
        encoding: { x: q('x', null, { axis: axisX, scale: { zero: false } }), y: q('y', c === 0 ? rowName : null, { scale: { zero: false } }) },
      }];
      const vx = ref(colName), vy = ref(rowName);
      if (vx !== undefined && vy !== undefined) {
        layers.push({ data: { values: [{ x: vx, y: vy }] }, mark: { type: 'point', shape: 'cross', size: 120, color: REFERENCE_COLOR, filled: true }, encoding: { x: q('x'), y: q('y') } });
      }
      return { width: size, height: size, layer: layers };
    }),
  }));
  return topLevel(options.title ?? 'Pair plot', { vconcat: rows, spacing: 8 }, options.reference ? 'red: reference value' : undefined);
}
