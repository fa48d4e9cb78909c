/**
 * Extracting the TypeScript examples from README.md and docs/*.md so a test can run them.
 *
 * Every fenced block whose info string is `ts` or `typescript` is a doc block. Markers in an HTML
 * comment on the line before the fence (blank lines between are allowed):
 *
 *   <!-- doc-test: skip (reason) -->   not executed (the reason is required and shown by the test)
 *   <!-- doc-test: continue -->        appended to the previous block of the same file, for
 *                                      examples that use names an earlier block defined
 *
 * Blocks that are not TypeScript (shell commands, error messages) are written ```sh / ```text.
 * `from 'amortize-ppl'` and `from 'amortize-ppl/testing'` (the package name) are rewritten to the sources in this repository.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

export interface DocBlock {
  /** Path relative to the repository root, e.g. 'docs/language.md'. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  /** Present when the block is marked `doc-test: skip (reason)`. */
  skip?: string;
  /** True when the block is marked `doc-test: continue`. */
  continues: boolean;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const MARKER = /<!--\s*doc-test:\s*(skip|continue)\s*(?:\((.*)\))?\s*-->/;

/** The doc blocks of one Markdown text. Throws on an unclosed fence or a skip without a reason. */
export function extractBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  let marker: { kind: string; reason: string | undefined; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const m = MARKER.exec(text);
    if (m) {
      marker = { kind: m[1]!, reason: m[2]?.trim(), line: i + 1 };
      continue;
    }
    const fence = FENCE.exec(text);
    if (!fence) {
      if (text.trim() !== '') marker = undefined; // a marker applies to the next block only
      continue;
    }
    const [, indent, ticks, lang] = fence;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length; i++) {
      const closing = lines[i]!;
      if (closing.trim().startsWith(ticks!) && closing.trim().replace(/[`~]/g, '') === '') break;
      body.push(indent && closing.startsWith(indent!) ? closing.slice(indent!.length) : closing);
    }
    if (i >= lines.length) throw new Error(`${file}:${start + 1}: code fence is never closed`);
    if (lang === 'ts' || lang === 'typescript') {
      const block: DocBlock = { file, line: start + 1, code: body.join('\n'), continues: marker?.kind === 'continue' };
      if (marker?.kind === 'skip') {
        if (!marker.reason) throw new Error(`${file}:${marker.line}: 'doc-test: skip' needs a reason in parentheses`);
        block.skip = marker.reason;
      }
      blocks.push(block);
    }
    marker = undefined;
  }
  return blocks;
}

/** README.md and every docs/*.md (not subfolders: docs/results holds generated tables). */
export function docFiles(root: string): string[] {
  const docs = join(root, 'docs');
  let inDocs: string[] = [];
  try {
    inDocs = readdirSync(docs).filter((f) => f.endsWith('.md')).sort().map((f) => join('docs', f));
  } catch {
    inDocs = [];
  }
  return ['README.md', ...inDocs];
}

/** Rewrite the package's own imports to relative paths into src/ (from a file in `fromDir`). */
export function rewriteImports(code: string, root: string, fromDir: string): string {
  const target = (p: string): string => {
    const rel = relative(fromDir, join(root, p)).split('\\').join('/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  return code
    .replace(/(from\s+|import\s*\(\s*|import\s+)(['"])amortize-ppl\/testing\2/g, (_m, pre: string, q: string) => `${pre}${q}${target('src/testing/index.js')}${q}`)
    .replace(/(from\s+|import\s*\(\s*|import\s+)(['"])amortize-ppl\2/g, (_m, pre: string, q: string) => `${pre}${q}${target('src/index.js')}${q}`);
}

export interface RunnableBlock extends DocBlock {
  /** Absolute path of the generated module. */
  path: string;
  /**
   * 'import': run by importing the module. 'vitest': the block is itself a test file (it imports
   * from 'vitest'), so it is run by a separate `vitest run` on that file.
   */
  runner: 'import' | 'vitest';
  /** Test name: 'docs/language.md:42'. */
  name: string;
}

/**
 * Write every runnable block (skipped ones too, for the listing) to `outDir` as its own module,
 * with `continue` blocks merged into their predecessor. Returns them in document order.
 */
export function writeBlocks(root: string, outDir: string): RunnableBlock[] {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const out: RunnableBlock[] = [];
  for (const file of docFiles(root)) {
    let markdown: string;
    try {
      markdown = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    const blocks = extractBlocks(markdown, file);
    for (const block of blocks) {
      const previous = out[out.length - 1];
      if (block.continues) {
        if (!previous || previous.file !== file) throw new Error(`${file}:${block.line}: 'doc-test: continue' but no earlier block in this file`);
        previous.code += `\n\n// --- continued from ${file}:${block.line}\n${block.code}`;
        previous.name += `+${block.line}`;
        if (block.skip) previous.skip = block.skip;
        writeFileSync(previous.path, header(previous) + rewriteImports(previous.code, root, outDir));
        continue;
      }
      const stem = `${basename(file, '.md').toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${String(block.line).padStart(4, '0')}`;
      const runner = /from\s+['"]vitest['"]/.test(block.code) ? 'vitest' : 'import';
      const path = join(outDir, runner === 'vitest' ? `${stem}.test.ts` : `${stem}.ts`);
      const runnable: RunnableBlock = { ...block, path, runner, name: `${file}:${block.line}` };
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, header(runnable) + rewriteImports(block.code, root, outDir));
      out.push(runnable);
    }
  }
  return out;
}

function header(block: RunnableBlock): string {
  // `export {}` keeps a block without imports a module (top-level await, no global clashes).
  return `// Generated from ${block.name} by test/docs (do not edit).\nexport {};\n`;
}
