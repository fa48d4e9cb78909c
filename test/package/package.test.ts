/**
 * The published package as a user gets it: `npm pack`, installed into a fresh commonjs project
 * (install.ts), then — with nothing from this repository's sources —
 *   - `node app.mjs` (import), `node app.cjs` (require) and `node workers.mjs` (chains in worker
 *     threads) run NUTS on a normal mean whose posterior is known in closed form;
 *   - a strict tsc (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, skipLibCheck)
 *     passes over a user file typed against the shipped .d.ts;
 *   - the `amortize` command runs model files written as .ts, .mts, .cts, .js and .mjs;
 *   - the tarball holds no sources, tests or benchmarks, and has a LICENSE.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, REPO, type Installed } from './install.js';

// Prior mu ~ N(0, 10²), y_i ~ N(mu, 1), y from fixtures/app.mjs: posterior N(n·ȳ/(n + 0.01), 1/(n + 0.01)).
const Y = [0.8, 1.9, 1.1, 0.4, 1.6, 1.2, 0.7, 1.5];
const PRECISION = Y.length + 1 / 100;
const EXACT_MEAN = Y.reduce((a, b) => a + b, 0) / PRECISION;
const EXACT_SD = Math.sqrt(1 / PRECISION);
// 2 chains × 400 draws, effective size well above 300 on this model: 5 Monte Carlo standard errors.
const TOLERANCE = 5 * EXACT_SD / Math.sqrt(300);

let installed: Installed;

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: installed.dir, encoding: 'utf8', timeout: 120_000 });
}

describe('the packed package in a fresh commonjs project', () => {
  beforeAll(() => {
    installed = packAndInstall();
  }, 300_000);

  it('is a commonjs project with the package installed from the tarball', () => {
    const pkg = JSON.parse(readFileSync(join(installed.dir, 'package.json'), 'utf8')) as { type?: string; dependencies?: Record<string, string> };
    expect(pkg.type ?? 'commonjs').toBe('commonjs');
    const ours = JSON.parse(readFileSync(join(installed.dir, 'node_modules/amortize-ppl/package.json'), 'utf8')) as { name: string };
    expect(ours.name).toBe('amortize-ppl');
  });

  it('ships dist, bin, README and LICENSE, and no sources, tests or benchmarks', () => {
    const list = execFileSync('tar', ['-tzf', installed.tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(list).toContain('package/LICENSE');
    expect(list).toContain('package/dist/src/index.js');
    expect(list).toContain('package/dist/src/index.d.ts');
    const stray = list.filter((f) => /^package\/(src|test|bench|docs)\//.test(f) || f.endsWith('.test.js') || (f.endsWith('.ts') && !f.endsWith('.d.ts')));
    expect(stray).toEqual([]);
  });

  for (const app of ['app.mjs', 'app.cjs', 'workers.mjs']) {
    it(`node ${app} runs NUTS and finds the exact posterior mean`, () => {
      const out = JSON.parse(node([app]).trim().split('\n').at(-1)!) as { mean: number };
      expect(Math.abs(out.mean - EXACT_MEAN)).toBeLessThan(TOLERANCE);
    });
  }

  it('a strict user project type-checks against the shipped .d.ts with 0 errors', () => {
    const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
    const result = (() => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: installed.dir, encoding: 'utf8' }) };
      } catch (e) {
        const err = e as { status: number; stdout: string };
        return { code: err.status, out: err.stdout };
      }
    })();
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
  });

  for (const ext of ['ts', 'mts', 'cts', 'js', 'mjs']) {
    it(`the amortize command runs a .${ext} model file`, () => {
      const bin = join(installed.dir, 'node_modules/amortize-ppl/bin/amortize.js');
      const outDir = join(installed.dir, `out-${ext}`);
      node([bin, 'run', `models/normal.${ext}`, '--chains', '2', '--warmup', '300', '--draws', '400', '--seed', '5', '--out', outDir]);
      const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as unknown;
      const rows = (Array.isArray(summary) ? summary : (summary as { rows?: unknown[]; summary?: unknown[] }).rows ?? (summary as { summary?: unknown[] }).summary) as { name: string; mean: number }[];
      const mu = rows.find((r) => r.name === 'mu')!;
      expect(Math.abs(mu.mean - EXACT_MEAN)).toBeLessThan(TOLERANCE);
    });
  }
});
