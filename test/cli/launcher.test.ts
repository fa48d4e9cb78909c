/** The real `amortize` process (bin/amortize.js through tsx): what `npx amortize` runs. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

function amortize(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/amortize.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bin/amortize.js', () => {
  it('runs a .ts model file without a build step', () => {
    const r = amortize('run', 'examples/coin.ts', '--chains', '2', '--draws', '200', '--seed', '1', '--json', '--quiet');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).results[0].summary[0].name).toBe('p');
  }, 60_000);

  it('exits 4 with the no-likelihood message on two-moons with NUTS', () => {
    const r = amortize('run', 'examples/two-moons.ts', '--backend', 'nuts', '--quiet');
    expect(r.code).toBe(4);
    expect(r.err).toContain('this model has none');
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('exits 2 on a usage error', () => {
    const r = amortize('run', 'examples/coin.ts', '--chain', '4');
    expect(r.code).toBe(2);
    expect(r.err).toContain("Unknown option '--chain'");
  }, 60_000);
});
