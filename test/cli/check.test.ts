/**
 * `amortize check`: passes on correct models, fails with a message that says what is wrong on
 * deliberately broken ones (fixtures/broken-models.ts), with exit code 1.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

describe('amortize check', () => {
  it('passes on the coin and eight-schools examples', async () => {
    for (const file of ['examples/coin.ts', 'examples/eight-schools.ts']) {
      const r = await cli(['check', file]);
      expect(r.code, r.out + r.err).toBe(0);
      for (const p of ['log density finite in support', 'bijector round trips', 'gradient vs finite differences', 'simulator vs density', 'quick SBC']) {
        expect(r.out).toMatch(new RegExp(`PASS  ${p}`));
      }
      expect(r.out).toContain('all 5 properties hold');
    }
  }, 60_000);

  it('fails on a wrong gradient, naming the coordinate and both values', async () => {
    const r = await cli(['check', 'test/cli/fixtures/wrong-gradient.ts']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL  gradient vs finite differences\s+logJointGrad: gradient disagrees with finite differences/);
    expect(r.out).toMatch(/∂\/∂u\(mu\): analytic [-\d.e]+, finite difference [-\d.e]+/);
    expect(r.out).not.toMatch(/∂\/∂u\(sigma\)/);
    // SBC falls back to the gradient-free sampler, which shows the density itself is fine.
    expect(r.out).toMatch(/PASS  quick SBC .*random-walk Metropolis \(the gradient failed\)/);
    expect(r.out).toContain('1 of 5 properties FAILED');
  }, 60_000);

  it('fails on a simulator that disagrees with the density', async () => {
    const r = await cli(['check', 'test/cli/fixtures/wrong-simulator.ts']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL  simulator vs density\s+simulate\(\) disagrees with the model's densities/);
    expect(r.out).toMatch(/∂ log likelihood \/ ∂u\(sigma\)/);
    expect(r.out).toMatch(/PASS  gradient vs finite differences/);
  }, 60_000);

  it('--out writes the SBC rank histogram, ECDF and coverage plots', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amortize-check-'));
    const r = await cli(['check', 'examples/coin.ts', '--sbc', '15', '--out', dir]);
    expect(r.code, r.out).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['coverage.svg', 'sbc-ecdf.svg', 'sbc-ranks.svg']);
    expect(await readFile(join(dir, 'coverage.svg'), 'utf8')).toContain('Expected coverage (15 simulations)');
  }, 60_000);

  it('skips SBC on simulator-only models and reports JSON', async () => {
    const r = await cli(['check', 'examples/two-moons.ts', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.ok).toBe(true);
    expect(doc.properties.at(-1).message).toMatch(/no likelihood/);
    expect(doc.properties.map((p: { status: string }) => p.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'skip']);
  });
});

describe('the check report', () => {
  it('lays out PASS/FAIL/WARN/SKIP lines, indents multi-line messages, and counts', async () => {
    const { formatCheckReport } = await import('../../src/cli/commands/check.js');
    const { normalModel } = await import('./fixtures/broken-models.js');
    const text = formatCheckReport('m.ts', normalModel.compile(), [
      { name: 'a', status: 'pass', message: 'fine' },
      { name: 'longer name', status: 'fail', message: 'wrong:\n  detail' },
      { name: 'c', status: 'warn', message: 'inconclusive: sampler struggled' },
      { name: 'd', status: 'skip', message: 'no likelihood' },
    ]);
    expect(text).toContain('  PASS  a            fine');
    expect(text).toMatch(/ {2}FAIL {2}longer name {2}wrong:\n {21}  detail/);
    expect(text).toContain('WARN  c');
    expect(text).toContain('1 of 4 properties FAILED');
    const ok = formatCheckReport('m.ts', normalModel.compile(), [{ name: 'a', status: 'pass', message: 'x' }, { name: 'c', status: 'warn', message: 'y' }]);
    expect(ok).toContain('no property failed (1 inconclusive)');
  });
});
