/**
 * The figure: posterior densities for data sets simulated at θ = 0.1, 0.3 and 0.5, one panel
 * each, with the exact posterior, each backend's draws (as a density estimate) or interval (NBE),
 * and the true value.
 */
import type { GridDensity } from '../../src/samplers/grid-density.js';
import type { Posterior } from '../../src/backends/posterior.js';
import { kde } from '../../src/plots/index.js';
import type { VegaLiteSpec } from '../../src/plots/index.js';

export interface FigureInput {
  thetas: readonly number[];
  exact: GridDensity[];
  /** Per backend, one posterior per figure θ (same order). */
  posteriors: Record<string, Posterior[]>;
}

export function posteriorFigure(input: FigureInput): VegaLiteSpec {
  const curves: { panel: string; method: string; theta: number; density: number }[] = [];
  const intervals: { panel: string; method: string; lower: number; upper: number }[] = [];
  input.thetas.forEach((truth, k) => {
    const panel = `θ = ${truth}`;
    const exact = input.exact[k]!;
    for (let g = 0; g <= 300; g++) {
      const theta = 0.6 * (g / 300);
      curves.push({ panel, method: 'exact', theta, density: exact.density(theta) });
    }
    for (const [method, posteriors] of Object.entries(input.posteriors)) {
      const posterior = posteriors[k]!;
      if (posterior.hasDraws) {
        for (const point of kde(posterior.draws(), 120)) curves.push({ panel, method, theta: point.x, density: point.density });
      } else {
        const [lower, upper] = posterior.interval(0.9);
        intervals.push({ panel, method: `${method} 90% interval`, lower: lower[0]!, upper: upper[0]! });
      }
    }
  });
  const truths = input.thetas.map((t) => ({ panel: `θ = ${t}`, truth: t }));
  // Facets need one data source: every layer filters the rows of its own kind.
  const values = [
    ...curves.map((c) => ({ kind: 'curve', ...c })),
    ...intervals.map((i) => ({ kind: 'interval', ...i })),
    ...truths.map((t) => ({ kind: 'truth', ...t })),
  ];
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  // The exact posterior in black, every backend in its own colour, shared by lines and intervals.
  const methods = ['exact', ...new Set([...curves, ...intervals].map((r) => r.method).filter((m) => m !== 'exact'))];
  const palette = ['#000000', '#4c78a8', '#f58518', '#e45756', '#54a24b', '#b279a2', '#9d755d'];
  const color = { field: 'method', type: 'nominal', title: null, scale: { domain: methods, range: palette.slice(0, methods.length) } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Spatial GP: posteriors of the length scale θ', subtitle: 'exact posterior by quadrature; dashed grey line = true θ' },
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: input.thetas.map((t) => `θ = ${t}`) } },
    spec: {
      width: 260,
      height: 200,
      layer: [
        {
          transform: only('curve'),
          mark: { type: 'line', strokeWidth: 1.8 },
          encoding: {
            x: { field: 'theta', type: 'quantitative', title: 'θ', scale: { domain: [0, 0.6] } },
            y: { field: 'density', type: 'quantitative', title: 'posterior density' },
            color,
          },
        },
        {
          transform: only('interval'),
          mark: { type: 'rule', strokeWidth: 5, opacity: 0.7 },
          encoding: {
            x: { field: 'lower', type: 'quantitative' },
            x2: { field: 'upper' },
            y: { value: 5 },
            color,
          },
        },
        {
          transform: only('truth'),
          mark: { type: 'rule', strokeDash: [4, 4], color: '#777777' },
          encoding: { x: { field: 'truth', type: 'quantitative' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}
