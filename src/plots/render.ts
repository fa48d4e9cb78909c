/**
 * Vega-Lite spec → SVG string, in Node, no browser: vega-lite compiles to a Vega spec and a
 * headless Vega View (renderer 'none') serialises the scene graph to SVG.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './spec.js';

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // Loaded on first use: vega is large, and most commands never draw.
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Write a spec as SVG (`.svg`) or as the Vega-Lite JSON itself (`.json`, `.vl.json`). */
export async function writePlot(spec: VegaLiteSpec, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (path.toLowerCase().endsWith('.json')) await writeFile(path, JSON.stringify(spec, null, 2));
  else await writeFile(path, await renderSvg(spec));
}
