/**
 * Plots of one Posterior: what `posterior.plot(path)` and `amortize run --plot` draw.
 * Draw-based posteriors get marginals and a pair plot, plus trace and rank plots when there
 * are several MCMC chains; point-estimate posteriors (NBE) get the interval view.
 */
import type { Posterior } from '../backends/posterior.js';
import { compareSpec } from './compare.js';
import { marginalsSpec } from './marginals.js';
import { pairsSpec } from './pairs.js';
import { rankSpec } from './rank.js';
import { writePlot } from './render.js';
import type { VegaLiteSpec } from './spec.js';
import { traceSpec } from './trace.js';

export interface PosteriorPlotOptions {
  title?: string;
  reference?: Record<string, number>;
  params?: readonly string[];
}

/** The plots that make sense for this posterior, by file stem ('marginals', 'pairs', 'trace', 'rank'). */
export function posteriorPlotSpecs(posterior: Posterior, options: PosteriorPlotOptions = {}): Record<string, VegaLiteSpec> {
  const common = { ...(options.reference ? { reference: options.reference } : {}), ...(options.params ? { params: options.params } : {}) };
  const label = options.title ?? posterior.method;
  if (!posterior.hasDraws) return { intervals: compareSpec({ [posterior.method]: posterior }, { ...common, title: `${label}: estimates and intervals` }) };
  const specs: Record<string, VegaLiteSpec> = {
    marginals: marginalsSpec(posterior, { ...common, title: `${label}: posterior marginals` }),
  };
  if (posterior.dim >= 2) specs.pairs = pairsSpec(posterior, { ...common, title: `${label}: pair plot` });
  if (posterior.numChains >= 2) {
    specs.trace = traceSpec(posterior, { ...common, title: `${label}: trace plots` });
    specs.rank = rankSpec(posterior, { ...(options.params ? { params: options.params } : {}), title: `${label}: rank plots` });
  }
  return specs;
}

/** Write the marginals (or, for point estimators, the intervals) of a posterior to `path` (.svg or .json). */
export async function plotPosterior(posterior: Posterior, path: string, options: PosteriorPlotOptions = {}): Promise<void> {
  const specs = posteriorPlotSpecs(posterior, options);
  await writePlot(specs.marginals ?? specs.intervals!, path);
}
