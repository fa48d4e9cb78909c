/**
 * The examples in README.md and docs/*.md must run as written, so they cannot rot.
 *
 * Each ```ts block is written to .tmp/doc-blocks/ (git-ignored) with `amortize-ppl` and
 * `amortize-ppl/testing` imports pointed at src/, type-checked with the project's compiler options
 * (so a misspelt option, which JavaScript would silently ignore, fails here), then imported, which
 * runs its top level. A block passes if it finishes without throwing. Blocks check their own claims
 * with `throw`. A block that imports from 'vitest' is a complete test file: it is written as
 * `*.test.ts` and run by a child `vitest run` that must pass. Markers are described in ./extract.ts.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractBlocks, rewriteImports, writeBlocks } from './extract.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, '.tmp', 'doc-blocks');
const blocks = writeBlocks(root, outDir);
const runnable = blocks.filter((b) => b.skip === undefined);

/** This process's environment without vitest's own variables, which would confuse a child run. */
function parentEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('__VITEST')));
}

/** Run one generated test file in a child `vitest run`, with a config that includes only doc blocks. */
function runVitestFile(path: string): { status: number | null; output: string } {
  const configPath = join(outDir, 'vitest.config.mjs');
  writeFileSync(configPath, `export default { test: { include: ['.tmp/doc-blocks/*.test.ts'], testTimeout: 120000, pool: 'forks', maxWorkers: 1 } };\n`);
  const vitest = join(root, 'node_modules', '.bin', 'vitest');
  const rel = relative(root, path).split('\\').join('/');
  const result = spawnSync(vitest, ['run', '--config', configPath, '--root', root, rel], {
    cwd: root, encoding: 'utf8', env: { ...parentEnv(), FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`.slice(-6000) };
}

describe('doc block extraction', () => {
  it('finds ts blocks, markers and fences', () => {
    const md = [
      '```sh', 'npm test', '```',
      '<!-- doc-test: skip (trains for minutes) -->', '', '```ts', 'slow();', '```',
      '```ts', 'const a = 1;', '```',
      '<!-- doc-test: continue -->', '```typescript', 'console.log(a);', '```',
      '```text', 'not code', '```',
    ].join('\n');
    const found = extractBlocks(md, 'x.md');
    expect(found.map((b) => [b.line, b.code, b.skip, b.continues])).toEqual([
      [6, 'slow();', 'trains for minutes', false],
      [9, 'const a = 1;', undefined, false],
      [13, 'console.log(a);', undefined, true],
    ]);
    expect(() => extractBlocks('<!-- doc-test: skip -->\n```ts\nx\n```', 'y.md')).toThrow(/needs a reason/);
    expect(() => extractBlocks('```ts\nx', 'z.md')).toThrow(/never closed/);
  });

  it('rewrites the package imports to the sources', () => {
    const code = "import { model } from 'amortize-ppl';\nimport { assertCheck } from \"amortize-ppl/testing\";\nconst m = await import('amortize-ppl');";
    const out = rewriteImports(code, '/repo', '/repo/.tmp/doc-blocks');
    expect(out).toBe("import { model } from '../../src/index.js';\nimport { assertCheck } from \"../../src/testing/index.js\";\nconst m = await import('../../src/index.js');");
  });

  it('found the documentation', () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.some((b) => b.file === 'README.md')).toBe(true);
  });
});

describe('doc blocks', () => {
  it('type-check', () => {
    const config = {
      extends: '../../tsconfig.json',
      compilerOptions: { noEmit: true, noUnusedLocals: false },
      include: runnable.map((b) => b.path),
    };
    const configPath = join(outDir, 'tsconfig.json');
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    const result = spawnSync(tsc, ['--noEmit', '-p', configPath], { cwd: root, encoding: 'utf8' });
    // Report only problems in the doc blocks themselves: errors elsewhere in src/ or test/ belong to
    // other tests (and to `npm run typecheck`).
    const lines = `${result.stdout}\n${result.stderr}`.split('\n');
    const own = lines.filter((l) => l.includes('.tmp/doc-blocks/') || l.startsWith('.tmp/doc-blocks'));
    expect(own.join('\n')).toBe('');
  }, 120_000);

  for (const block of blocks) {
    const title = `${block.name}${block.runner === 'vitest' ? ' (as a vitest file)' : ''}${block.skip !== undefined ? ` (skipped: ${block.skip})` : ''}`;
    (block.skip !== undefined ? it.skip : it)(title, async () => {
      if (block.runner === 'import') {
        await import(pathToFileURL(block.path).href);
        return;
      }
      const result = runVitestFile(block.path);
      expect(result.status, result.output).toBe(0);
      expect(result.output).toMatch(/Tests\s+\d+ passed/);
    }, 120_000);
  }
});
