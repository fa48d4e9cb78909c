/**
 * What every plot builder returns: a Vega-Lite spec (plain JSON, so it can be saved, opened in the
 * Vega editor, or rendered to SVG in Node by render.ts), with the house style applied.
 */

/** A Vega-Lite specification; kept loose because builders assemble it from plain objects. */
export type VegaLiteSpec = Record<string, unknown>;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Colours: a readable categorical palette; the reference/true value is always the same red. */
export const REFERENCE_COLOR = '#d62728';
export const BAR_COLOR = '#4c78a8';
export const BAND_COLOR = '#9ecae1';

/** Large enough to read on a laptop screen and in a PNG of the SVG; no chart junk. */
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: '#bbbbbb' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eeeeee' },
  header: { labelFontSize: 12, titleFontSize: 12, labelFontWeight: 'bold' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 15, anchor: 'start', offset: 10 },
};

/** Top-level spec with schema, title, white background and the shared config. */
export function topLevel(title: string, body: VegaLiteSpec, subtitle?: string): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title: subtitle ? { text: title, subtitle } : title,
    background: 'white',
    padding: 12,
    config: CONFIG,
    ...body,
  };
}

/** Vega-Lite escapes dots and brackets in field names; our rows use plain keys instead. */
export function q(field: string, title?: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { field, type: 'quantitative', ...(title !== undefined ? { title } : {}), ...extra };
}

export function n(field: string, title?: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { field, type: 'nominal', ...(title !== undefined ? { title } : {}), ...extra };
}

/** Number of facet columns that keeps the grid roughly square. */
export function facetColumns(count: number): number {
  return Math.min(4, Math.max(1, Math.ceil(Math.sqrt(count))));
}
