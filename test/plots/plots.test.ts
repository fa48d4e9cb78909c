/**
 * Every plot kind rendered to SVG in Node, asserting the marks and titles a reader relies on
 * (not just "non-empty"): bars and density curves, reference rules, one line per chain, bands.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Posterior } from '../../src/backends/posterior.js';
import { centralCoverage } from '../../src/diagnostics/coverage.js';
import { sbc } from '../../src/diagnostics/sbc.js';
import type { VariableInfo } from '../../src/lang/compiled-model.js';
import {
  compareSpec, coverageSpec, marginalsSpec, pairsSpec, plotPosterior, posteriorPlotSpecs, rankSpec, renderSvg, sbcEcdfSpec,
  sbcHistogramSpec, traceSpec, trainingSpec,
} from '../../src/plots/index.js';
import { createRng } from '../../src/runtime/rng.js';
import { fakeDraws, markKinds, texts } from './helpers.js';

const draws = fakeDraws();

function params(): VariableInfo[] {
  const v = (name: string, offset: number): VariableInfo => ({
    name, kind: 'param', elem: 'real', shape: [], size: 1, offset, unconstrainedOffset: offset, unconstrainedSize: 1,
    support: { kind: 'real' } as VariableInfo['support'], elementNames: [name],
  });
  return [v('mu', 0), v('tau', 1), v('theta[1]', 2)];
}

/** A calibrated sampler (exact normal posterior) on a conjugate model, 2 parameters. */
function calibration(nSims = 200, nDraws = 99) {
  const rng = createRng(7);
  const truths = new Float64Array(nSims * 2);
  const all = new Float64Array(nSims * nDraws * 2);
  for (let i = 0; i < nSims; i++) {
    for (let j = 0; j < 2; j++) {
      const theta = rng.normal();
      const x = theta + rng.normal();
      truths[i * 2 + j] = theta;
      for (let l = 0; l < nDraws; l++) all[(i * nDraws + l) * 2 + j] = x / 2 + Math.SQRT1_2 * rng.normal();
    }
  }
  return { truths, draws: all, nSims, nDraws, dim: 2 };
}

describe('plots render to SVG with the expected marks and titles', () => {
  it('posterior marginals: bars, density curve, reference rule, one panel per parameter', async () => {
    const svg = await renderSvg(marginalsSpec(draws, { reference: { mu: 1 }, title: 'Coin marginals' }));
    expect(svg.startsWith('<svg')).toBe(true);
    const t = texts(svg);
    expect(t).toContain('Coin marginals');
    expect(t).toEqual(expect.arrayContaining(['mu', 'tau', 'theta[1]', 'density']));
    expect(markKinds(svg)).toEqual(new Set(['rect', 'line', 'rule']));
    const noRef = await renderSvg(marginalsSpec(draws));
    expect(markKinds(noRef).has('rule')).toBe(false);
  });

  it('pair plot: histograms on the diagonal, scatter below, reference cross', async () => {
    const svg = await renderSvg(pairsSpec(draws, { reference: { mu: 1, tau: 1 } }));
    expect(texts(svg)).toEqual(expect.arrayContaining(['Pair plot', 'mu', 'tau', 'theta[1]']));
    const kinds = markKinds(svg);
    for (const k of ['rect', 'symbol', 'rule']) expect(kinds.has(k), k).toBe(true);
  });

  it('trace plots: one line per chain with a legend', async () => {
    const svg = await renderSvg(traceSpec(draws));
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['Trace plots', 'chain 1', 'chain 4', 'draw', 'mu']));
    expect(markKinds(svg).has('line')).toBe(true);
    // 3 parameters × 4 chains = 12 polylines.
    expect([...svg.matchAll(/<path[^>]*stroke="#[0-9a-f]{6}"[^>]*stroke-width="0.8"/g)].length).toBe(12);
  });

  it('rank plots: per-chain rank histograms with the expected-count rule', async () => {
    const svg = await renderSvg(rankSpec(draws, { bins: 10 }));
    expect(texts(svg)).toEqual(expect.arrayContaining(['Rank plots', 'chain 1', 'chain 4', 'rank (fraction)']));
    expect(markKinds(svg)).toEqual(new Set(['rect', 'rule']));
  });

  it('SBC rank histograms and ECDF-difference bands', async () => {
    const result = sbc(calibration());
    const hist = await renderSvg(sbcHistogramSpec(result, { names: ['alpha', 'beta'] }));
    expect(texts(hist)).toEqual(expect.arrayContaining(['SBC rank histograms', 'alpha', 'beta', 'rank', 'count']));
    expect(markKinds(hist)).toEqual(new Set(['rect', 'rule']));
    const ecdf = await renderSvg(sbcEcdfSpec(result, { names: ['alpha', 'beta'] }));
    expect(texts(ecdf)).toEqual(expect.arrayContaining(['SBC: ECDF difference', 'fractional rank', 'ECDF − uniform']));
    expect(markKinds(ecdf)).toEqual(new Set(['area', 'rule', 'line']));
  });

  it('coverage curves: diagonal, error bars, one line per parameter', async () => {
    const cov = centralCoverage(calibration());
    const svg = await renderSvg(coverageSpec(cov, { names: ['alpha', 'beta'] }));
    expect(texts(svg)).toEqual(expect.arrayContaining(['Expected coverage', 'nominal level', 'empirical coverage', 'alpha', 'beta']));
    const kinds = markKinds(svg);
    for (const k of ['line', 'rule', 'symbol']) expect(kinds.has(k), k).toBe(true);
  });

  it('training curves: training and validation loss, best epoch marked', async () => {
    const loss = Array.from({ length: 30 }, (_, i) => 2 * Math.exp(-i / 6) + 0.4);
    const valLoss = Array.from({ length: 30 }, (_, i) => 2 * Math.exp(-i / 6) + 0.45 + 0.001 * (i - 20) ** 2);
    const svg = await renderSvg(trainingSpec({ loss, valLoss }));
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['Training curves', 'training', 'validation', 'epoch', 'loss']));
    expect(t.some((s) => /^best validation loss [\d.]+ at epoch 2\d$/.test(s))).toBe(true);
    expect(markKinds(svg).has('line')).toBe(true);
  });

  it('compare view: intervals of several backends per parameter', async () => {
    const p = (shift: number, seed: number) => {
      const d = fakeDraws(2, 300, seed);
      return new Posterior({ method: 'x', params: params(), chains: d.chains.map((c) => c.map((v, i) => (i % 3 === 0 ? v + shift : v))) });
    };
    const svg = await renderSvg(compareSpec({ nuts: p(0, 1), npe: p(0.3, 2) }, { reference: { mu: 1 } }));
    expect(texts(svg)).toEqual(expect.arrayContaining(['Backends compared', 'nuts', 'npe', 'mu', 'tau']));
    expect(markKinds(svg)).toEqual(new Set(['rule', 'symbol']));
  });

  it('plotPosterior writes marginals; point-estimate posteriors get the interval view', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amortize-plot-'));
    const post = new Posterior({ method: 'nuts', params: params(), chains: draws.chains });
    await plotPosterior(post, join(dir, 'p.svg'), { reference: { tau: 1 } });
    const svg = await readFile(join(dir, 'p.svg'), 'utf8');
    expect(texts(svg)).toContain('nuts: posterior marginals');
    expect(Object.keys(posteriorPlotSpecs(post))).toEqual(['marginals', 'pairs', 'trace', 'rank']);
    const point = new Posterior({
      method: 'nbe', params: params(),
      point: { median: Float64Array.of(1, 1, 0.5) },
      quantiles: { 0.05: Float64Array.of(0, 0.5, 0.1), 0.95: Float64Array.of(2, 2, 0.9) },
    });
    await plotPosterior(point, join(dir, 'nbe.svg'));
    const pointSvg = await readFile(join(dir, 'nbe.svg'), 'utf8');
    expect(texts(pointSvg)).toContain('nbe: estimates and intervals');
    expect(markKinds(pointSvg)).toEqual(new Set(['rule', 'symbol']));
    await plotPosterior(post, join(dir, 'spec.json'));
    expect(JSON.parse(await readFile(join(dir, 'spec.json'), 'utf8')).$schema).toContain('vega-lite');
  });
});
