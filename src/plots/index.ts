/**
 * Plots: builders return Vega-Lite specs from plain data (a Posterior, arrays, diagnostics
 * results); `renderSvg(spec)` turns any of them into an SVG string in Node.
 */
export type { VegaLiteSpec } from './spec.js';
export { renderSvg, writePlot } from './render.js';
export { type ChainDraws, type DrawSource, toChainDraws } from './draws.js';
export { histogram, kde } from './data.js';
export { marginalsSpec, type MarginalOptions } from './marginals.js';
export { pairsSpec, type PairOptions } from './pairs.js';
export { traceSpec, type TraceOptions } from './trace.js';
export { rankSpec, rankCounts, type RankOptions } from './rank.js';
export { sbcHistogramSpec, sbcEcdfSpec, type SbcPlotOptions } from './sbc.js';
export { coverageSpec, type CoveragePlotOptions } from './coverage.js';
export { trainingSpec, type TrainingHistory } from './training.js';
export { compareSpec, intervalRows, type IntervalRow } from './compare.js';
export { plotPosterior, posteriorPlotSpecs, type PosteriorPlotOptions } from './posterior-plots.js';
