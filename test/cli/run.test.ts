/**
 * `amortize run` in-process: every example with a likelihood prints a sensible summary, two-moons
 * is refused by NUTS with exit code 4, and errors come out as messages with exit codes.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/cli/backends.js';
import { FAST, cli } from './helpers.js';
import { hasPosteriordb } from '../../examples/reference-data.js';

/** The summary row of one element: [mean, sd, q5, q50, q95, ...]. */
function row(out: string, name: string): number[] {
  const line = out.split('\n').find((l) => l.startsWith(name + ' '));
  if (!line) throw new Error(`no row '${name}' in\n${out}`);
  return line.trim().split(/\s+/).slice(1).map(Number);
}

describe('amortize run on the examples', () => {
  it('coin: the posterior mean is near the exact 8/12', async () => {
    const r = await cli(['run', 'examples/coin.ts', ...FAST]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('nuts: 2 chains × 200 draws');
    const [mean, sd] = row(r.out, 'p');
    expect(mean).toBeCloseTo(8 / 12, 1);
    expect(sd).toBeGreaterThan(0.09);
    expect(sd).toBeLessThan(0.17);
  });

  it('eight schools: mu and tau near posteriordb', async () => {
    const r = await cli(['run', 'examples/eight-schools.ts', ...FAST]);
    expect(r.code, r.err).toBe(0);
    expect(row(r.out, 'mu')[0]).toBeGreaterThan(2);
    expect(row(r.out, 'mu')[0]).toBeLessThan(7);
    expect(row(r.out, 'tau')[0]).toBeGreaterThan(1.5);
    expect(r.out).toContain('theta_trans[8]');
  });

  it.skipIf(!hasPosteriordb)('kidiq: beta and sigma near posteriordb (26, 0.61, 18.3)', async () => {
    const r = await cli(['run', 'examples/kidiq.ts', ...FAST]);
    expect(r.code, r.err).toBe(0);
    expect(row(r.out, 'beta[1]')[0]).toBeGreaterThan(15);
    expect(row(r.out, 'beta[1]')[0]).toBeLessThan(37);
    expect(row(r.out, 'beta[2]')[0]).toBeCloseTo(0.61, 1);
    expect(row(r.out, 'sigma')[0]).toBeCloseTo(18.3, 0);
  });

  it.skipIf(!hasPosteriordb)('blr: six parameters, sigma positive', async () => {
    const r = await cli(['run', 'examples/blr.ts', ...FAST]);
    expect(r.code, r.err).toBe(0);
    for (let d = 1; d <= 5; d++) expect(Number.isFinite(row(r.out, `beta[${d}]`)[0])).toBe(true);
    expect(row(r.out, 'sigma')[0]).toBeGreaterThan(0);
  });

  it('gaussian linear: the posterior mean is x / 2 (conjugate)', async () => {
    const r = await cli(['run', 'examples/gaussian-linear.ts', ...FAST]);
    expect(r.code, r.err).toBe(0);
    // The example's data: sbibm observation 1 (x[1] = 1.0471346) or, without it, a simulated set.
    // Conjugate: E[theta[1] | x] = x[1] / 2 with sd √0.05 = 0.224.
    const { data } = await import('../../examples/gaussian-linear.js');
    const x1 = ((await data()) as { x: number[] }).x[0]!;
    expect(row(r.out, 'theta[1]')[0]).toBeCloseTo(x1 / 2, 1);
    expect(row(r.out, 'theta[1]')[1]).toBeCloseTo(0.224, 1);
  });

  it('slcp: five parameters inside the prior box', async () => {
    const r = await cli(['run', 'examples/slcp.ts', ...FAST]);
    expect(r.code, r.err).toBe(0);
    for (let k = 1; k <= 5; k++) {
      const [, , q5, , q95] = row(r.out, `theta[${k}]`);
      expect(q5).toBeGreaterThanOrEqual(-3);
      expect(q95).toBeLessThanOrEqual(3);
    }
  });

  it('two moons: NUTS refuses the simulator-only model with exit code 4 and says why', async () => {
    const r = await cli(['run', 'examples/two-moons.ts', '--backend', 'nuts', '--quiet']);
    expect(r.code).toBe(4);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^inference error: nuts needs the likelihood p\(x \| θ\), but this model has none: data 'x' is defined by an expression/);
    expect(r.err).toMatch(/npe\(\), nle\(\), nre\(\) or nbe\(\)/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('amortize run: files, formats and outputs', () => {
  it('a DSL source file with JSON data', async () => {
    const r = await cli(['run', 'test/cli/fixtures/normal.amz', '--data', 'test/cli/fixtures/normal-data.json', ...FAST]);
    expect(r.code, r.err).toBe(0);
    expect(row(r.out, 'mu')[0]).toBeGreaterThan(0.5);
    expect(row(r.out, 'mu')[0]).toBeLessThan(1.9);
  });

  it('a JavaScript module exporting `model` and an array of data sets', async () => {
    const r = await cli(['run', 'test/cli/fixtures/coin-js.mjs', ...FAST]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('data set 2 of 2');
    expect(r.out).toMatch(/^p\s+0\.[0-3]/m); // 1 head in 10 first
  });

  it('many data sets from a CSV, inputs taken from the model file', async () => {
    const r = await cli(['run', 'examples/coin.ts', '--data', 'test/cli/fixtures/coin-many.csv', ...FAST]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('data set 1 of 3');
    expect(r.out).toContain('data set 3 of 3');
  });

  it('--json prints one machine-readable document', async () => {
    const r = await cli(['run', 'examples/coin.ts', '--json', ...FAST]);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ command: 'run', backend: 'nuts', dataSets: 1 });
    expect(doc.results[0].summary[0].name).toBe('p');
    expect(doc.results[0].summary[0].mean).toBeCloseTo(8 / 12, 1);
  });

  it('--out writes draws, summary, ArviZ posterior; --plot adds SVGs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amortize-run-'));
    const r = await cli(['run', 'examples/eight-schools.ts', '--out', dir, '--plot', ...FAST]);
    expect(r.code, r.err).toBe(0);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['draws.csv', 'marginals.svg', 'pairs.svg', 'posterior.json', 'rank.svg', 'summary.json', 'trace.svg']);
    const csv = (await readFile(join(dir, 'draws.csv'), 'utf8')).split('\n');
    expect(csv[0]).toMatch(/^chain,draw,.*mu,tau,theta_trans\[1\]/);
    expect(csv.filter((l) => l !== '')).toHaveLength(1 + 2 * 200);
    const posterior = JSON.parse(await readFile(join(dir, 'posterior.json'), 'utf8'));
    expect(posterior.posterior.mu).toHaveLength(2);
    expect(posterior.posterior.theta_trans[0][0]).toHaveLength(8);
    const svg = await readFile(join(dir, 'marginals.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('posterior marginals');
    expect(svg).toContain('reference value'); // eight-schools.ts exports reference values
  });
});

describe('amortize run: errors', () => {
  it('a model error shows the source line with a caret, exit code 3, no stack', async () => {
    const r = await cli(['run', 'test/cli/fixtures/typo.amz', '--data', 'test/cli/fixtures/normal-data.json']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^model error: .*sigam/);
    expect(r.err).toContain('3 | data y ~ normal(mu, sigam)');
    expect(r.err).toMatch(/\^{5}/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a data error names the variable, exit code 3', async () => {
    const r = await cli(['run', 'examples/coin.ts', '--data', 'test/cli/fixtures/normal-data.json', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^data error: /);
    expect(r.err).toMatch(/neither an input nor data/);
  });

  it('--json keeps stdout machine-readable on errors', async () => {
    const r = await cli(['run', 'examples/two-moons.ts', '--json']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.out)).toMatchObject({ error: { kind: 'InferenceError', exitCode: 4 } });
  });

  it('--debug adds the stack trace', async () => {
    const r = await cli(['run', 'examples/two-moons.ts', '--debug', '--quiet']);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/\n\s+at /);
  });

  it('usage errors: exit code 2 and a pointer to --help', async () => {
    for (const argv of [['run'], ['run', 'examples/coin.ts', '--backend', 'magic'], ['frobnicate'], ['run', 'examples/coin.ts', '--plot'], ['run', 'examples/coin.ts', '--chains', 'x']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain('amortize --help');
    }
  });

  it('backends not in this build answer with a clear message', async () => {
    const registry = { ...REGISTRY, npe: { kind: 'unavailable' } as const };
    const r = await cli(['run', 'examples/coin.ts', '--backend', 'npe'], { registry });
    expect(r.code).toBe(2);
    expect(r.err).toContain("backend 'npe' is not available in this build");
  });

  it('missing files and files without a model: exit code 3', async () => {
    const missing = await cli(['run', 'examples/nope.ts']);
    expect(missing.code).toBe(3);
    expect(missing.err).toContain("model file 'examples/nope.ts' not found");
    const noModel = await cli(['run', 'test/cli/helpers.ts']);
    expect(noModel.code).toBe(3);
    expect(noModel.err).toContain('exports no model');
    const noData = await cli(['run', 'test/cli/fixtures/normal.amz']);
    expect(noData.code).toBe(3);
    expect(noData.err).toContain('no data: give --data');
  });

  it('--help lists the commands and exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['run', 'train', 'infer', 'check', 'demo', 'exit codes']) expect(r.out).toContain(c);
  });
});
