import { describe, expect, it } from 'vitest';
import { Posterior } from '../../src/backends/posterior.js';
import { InferenceError } from '../../src/backends/errors.js';
import { InferenceError as LangInferenceError } from '../../src/lang/errors.js';
import type { VariableInfo } from '../../src/lang/compiled-model.js';

function info(name: string, shape: number[], offset: number): VariableInfo {
  const size = shape.reduce((a, b) => a * b, 1);
  const elementNames =
    shape.length === 0 ? [name]
      : shape.length === 1 ? Array.from({ length: size }, (_, i) => `${name}[${i + 1}]`)
        : Array.from({ length: size }, (_, i) => `${name}[${Math.floor(i / shape[1]!) + 1},${(i % shape[1]!) + 1}]`);
  return { name, kind: 'param', elem: 'real', shape, size, offset, unconstrainedOffset: offset, unconstrainedSize: size, support: { kind: 'real' }, elementNames };
}

const params = [info('mu', [], 0), info('theta', [2], 1), info('L', [2, 2], 3)];
const dim = 7;
/** Chain c, draw i, element j = 100 c + 10 i + j (distinct, easy to check). */
function chains(m: number, n: number): Float64Array[] {
  return Array.from({ length: m }, (_, c) => Float64Array.from({ length: n * dim }, (_, k) => 100 * c + 10 * Math.floor(k / dim) + (k % dim)));
}

describe('Posterior from draws', () => {
  const post = new Posterior({ method: 'nuts', params, chains: chains(2, 3), samplerStats: { lp: [Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)] } });

  it('knows its shape and names', () => {
    expect(post.numChains).toBe(2);
    expect(post.numDraws).toBe(3);
    expect(post.names).toEqual(['mu', 'theta[1]', 'theta[2]', 'L[1,1]', 'L[1,2]', 'L[2,1]', 'L[2,2]']);
  });

  it('pools draws in chain order, by element or by parameter', () => {
    expect(Array.from(post.draws('theta[2]'))).toEqual([2, 12, 22, 102, 112, 122]);
    expect(Array.from(post.draws('theta'))).toEqual([1, 2, 11, 12, 21, 22, 101, 102, 111, 112, 121, 122]);
    expect(post.draws().length).toBe(6 * dim);
    expect(Array.from(post.chain(1).subarray(0, 2))).toEqual([100, 101]);
  });

  it('computes mean, sd, median, quantiles and central intervals', () => {
    const mu = [0, 10, 20, 100, 110, 120];
    expect(post.mean('mu')).toBeCloseTo(60, 12);
    const m = 60;
    expect(post.sd('mu')).toBeCloseTo(Math.sqrt(mu.reduce((a, b) => a + (b - m) ** 2, 0) / 5), 12);
    expect(post.median('mu')).toBe(60);
    expect(post.quantile(0.2, 'mu')).toBeCloseTo(10, 12); // type 7: h = 1
    expect(post.quantile(0, 'mu')).toBe(0);
    expect(post.quantile(1, 'mu')).toBe(120);
    const [lo, hi] = post.interval(0.5, 'mu');
    expect(lo).toBeCloseTo(12.5, 12);
    expect(hi).toBeCloseTo(107.5, 12);
    expect(post.mean().length).toBe(dim);
    expect(post.mean()[1]).toBeCloseTo(61, 12);
  });

  it('errors name the problem', () => {
    expect(() => post.mean('theta')).toThrow(/'theta' has 2 elements; name one \('theta\[1\]'\)/);
    expect(() => post.mean('nope')).toThrow(InferenceError);
    expect(() => post.quantile(1.5, 'mu')).toThrow(/q must lie in \[0, 1\]/);
    expect(() => post.chain(2)).toThrow(/2 chains/);
    expect(() => post.logDensity(new Float64Array(dim))).toThrow(/no posterior density/);
    expect(() => new Posterior({ method: 'x', params, chains: [new Float64Array(7), new Float64Array(14)] })).toThrow(/same n/);
  });

  it('uses a single InferenceError class', () => {
    expect(InferenceError).toBe(LangInferenceError);
  });

  it('exports ArviZ from_dict-shaped JSON', () => {
    const j = post.toJSON() as { posterior: Record<string, unknown>; sample_stats: Record<string, unknown>; attrs: Record<string, unknown> };
    expect(j.posterior.mu).toEqual([[0, 10, 20], [100, 110, 120]]);
    expect((j.posterior.theta as number[][][])[1]![2]).toEqual([121, 122]);
    expect((j.posterior.L as number[][][][])[0]![1]).toEqual([[13, 14], [15, 16]]);
    expect(j.sample_stats.lp).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(j.attrs.method).toBe('nuts');
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });

  it('exports CSV with chain, draw, stats and element columns', () => {
    const lines = post.toCSV().trim().split('\n');
    expect(lines[0]).toBe('chain,draw,lp,mu,theta[1],theta[2],L[1,1],L[1,2],L[2,1],L[2,2]'.replace(/\[(\d),(\d)\]/g, '[$1,$2]'));
    expect(lines.length).toBe(7);
    expect(lines[4]!.split(',').slice(0, 4)).toEqual(['2', '1', '4', '100']);
  });

  it('summarises with diagnostics and formats a table', () => {
    const rows = post.summary();
    expect(rows.map((r) => r.name)).toEqual(post.names);
    expect(rows[0]!.q50).toBe(60);
    // Chains far apart: R-hat must flag them (needs ≥ 4 draws per chain to split).
    const wide = new Posterior({ method: 'nuts', params, chains: chains(2, 20) });
    expect(wide.summary()[0]!.rhat).toBeGreaterThan(1.1);
    const text = post.summaryTable();
    expect(text.split('\n')[0]).toBe('nuts: 2 chains × 3 draws');
    expect(text).toMatch(/name\s+mean\s+sd\s+q5\s+q50\s+q95\s+mcse\s+rhat\s+ess_bulk\s+ess_tail/);
  });
});

describe('Posterior from point estimates (no draws)', () => {
  const post = new Posterior({
    method: 'nbe',
    params: [info('mu', [], 0), info('sigma', [], 1)],
    point: { median: Float64Array.of(1, 2) },
    quantiles: { 0.05: Float64Array.of(0, 1), 0.95: Float64Array.of(2, 3) },
    logDensity: (t) => -t[0]!,
  });
  it('answers point queries and trained quantile levels', () => {
    expect(post.hasDraws).toBe(false);
    expect(post.median('sigma')).toBe(2);
    expect(post.quantile(0.05, 'mu')).toBe(0);
    expect(post.interval(0.9, 'sigma')).toEqual([1, 3]);
    expect(post.logDensity(Float64Array.of(3, 1))).toBe(-3);
    expect(post.summary()[1]).toMatchObject({ name: 'sigma', q5: 1, q50: 2, q95: 3 });
    expect(Number.isNaN(post.summary()[0]!.rhat)).toBe(true);
    expect(post.summaryTable()).toContain('nbe: point estimates and intervals');
  });
  it('refuses draws-based calls with a clear message', () => {
    expect(() => post.draws()).toThrow(/'nbe' backend gives point estimates and intervals only/);
    expect(() => post.sd('mu')).toThrow(InferenceError);
    expect(() => post.quantile(0.25, 'mu')).toThrow(/only the quantile levels it was trained for: 0.05, 0.95/);
    expect(() => post.mean('mu')).toThrow(/no posterior mean/);
  });
  it('exports point estimates as JSON and CSV', () => {
    const j = post.toJSON() as { point_estimates: { median: Record<string, number> }; quantiles: Record<string, Record<string, number>> };
    expect(j.point_estimates.median).toEqual({ mu: 1, sigma: 2 });
    expect(j.quantiles['0.95']).toEqual({ mu: 2, sigma: 3 });
    expect(post.toCSV().split('\n')[0]).toBe('estimate,mu,sigma');
  });
});

describe('Posterior.plot', () => {
  it('writes the marginal plot as SVG with one panel per element', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const params: VariableInfo[] = [
      { name: 'mu', kind: 'param', elem: 'real', shape: [], size: 1, offset: 0, unconstrainedOffset: 0, unconstrainedSize: 1, support: { kind: 'real' }, elementNames: ['mu'] },
    ];
    const chain = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i));
    const posterior = new Posterior({ method: 'test', params, chains: [chain] });
    const path = join(mkdtempSync(join(tmpdir(), 'amortize-plot-')), 'mu.svg');
    await posterior.plot(path, { reference: { mu: 0.1 } });
    const svg = readFileSync(path, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('mu');
  });
});
