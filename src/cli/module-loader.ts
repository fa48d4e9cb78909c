/**
 * Importing a user's model module (`.ts`, `.mts`, `.cts`, `.js`, `.mjs`, `.cjs`) from the CLI, in
 * any project: ESM or a default `"type": "commonjs"` one, from the compiled package or the sources.
 *
 * JavaScript loads with Node's own loader (Node ≥ 20.19 detects ESM syntax in a `.js` file of a
 * commonjs project, and `require()` of this ESM package works there).
 *
 * TypeScript needs tsx on Node 20: an optional peer dependency, loaded lazily only when a model
 * file needs it, looked up from the model's folder upwards, the working directory, then next to
 * this package. An ES-module-scoped file (`.mts`, or `.ts` under `"type": "module"`) goes through
 * tsx's ESM hook. A CommonJS-scoped one (`.cts`, or `.ts` in a commonjs project) cannot: tsx's
 * CommonJS path re-resolves this package's ESM-only dependencies with `require` conditions and
 * fails (tsx 4.23 on Node 20: "No "exports" main defined in @chevrotain/utils"). Such a file is
 * transpiled to an ES module with tsx's esbuild (types stripped, `require` provided), written
 * beside the original so its relative and package imports resolve the same, imported, and removed.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputFileError } from './errors.js';

interface Tsx {
  /** Absolute path of tsx's package.json. */
  manifest: string;
  /** esbuild's transform, from tsx's own dependency. */
  transform(code: string, options: Record<string, unknown>): Promise<{ code: string }>;
}

let tsxLoaded: Promise<Tsx | null> | undefined;
let temporaryCounter = 0;

/** Imports the module at an absolute path and returns its exports, unwrapping a CommonJS module. */
export async function importUserModule(path: string, ext: string, file: string): Promise<Record<string, unknown>> {
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return importTypeScript(path, ext, file);
  return unwrapCommonJs((await import(pathToFileURL(path).href)) as Record<string, unknown>);
}

async function importTypeScript(path: string, ext: string, file: string): Promise<Record<string, unknown>> {
  const tsx = await loadTsx(path);
  if (tsx === null) {
    if (nodeStripsTypes()) return unwrapCommonJs((await import(pathToFileURL(path).href)) as Record<string, unknown>);
    throw new InputFileError(
      `'${file}' is TypeScript, and Node ${process.versions.node} cannot load it alone: install tsx in your project ` +
      `(npm install --save-dev tsx), use Node ≥ 22.18, or write the model as .js/.mjs`,
    );
  }
  const esmScoped = ext === '.mts' || (ext === '.ts' && packageType(dirname(path)) === 'module');
  if (esmScoped) return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  return importTranspiled(path, tsx, file);
}

/** The CommonJS-scoped TypeScript file as a temporary ES module beside it (see the header). */
async function importTranspiled(path: string, tsx: Tsx, file: string): Promise<Record<string, unknown>> {
  let code: string;
  try {
    ({ code } = await tsx.transform(readFileSync(path, 'utf8'), {
      loader: 'ts', format: 'esm', sourcefile: path, target: 'node20', sourcemap: 'inline',
      // `import x = require('y')` and plain require() calls stay valid in the ES module.
      banner: "import { createRequire as __amortizeCreateRequire } from 'node:module'; const require = __amortizeCreateRequire(import.meta.url);",
    }));
  } catch (error) {
    throw new InputFileError(`could not compile '${file}': ${(error as Error).message}`);
  }
  const temporary = join(dirname(path), `.${basename(path)}.amortize-${process.pid}-${temporaryCounter++}.mjs`);
  writeFileSync(temporary, code);
  try {
    return (await import(pathToFileURL(temporary).href)) as Record<string, unknown>;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * A CommonJS module imported from ESM has `module.exports` as its default export; its named exports
 * are found only where Node's lexer can see them. Its own `default`/`model` then live on that object.
 */
function unwrapCommonJs(mod: Record<string, unknown>): Record<string, unknown> {
  const inner = mod.default as Record<string, unknown> | undefined;
  if (typeof inner === 'object' && inner !== null && ('model' in inner || 'default' in inner) && typeof (inner as { compile?: unknown }).compile !== 'function') {
    return { ...inner, ...Object.fromEntries(Object.entries(mod).filter(([k]) => k !== 'default')), default: inner.default ?? inner.model };
  }
  return mod;
}

/** tsx with its ESM hook registered, once; null when tsx is not installed anywhere we look. */
function loadTsx(modelPath: string): Promise<Tsx | null> {
  tsxLoaded ??= (async () => {
    for (const base of [join(dirname(modelPath), 'noop.js'), join(process.cwd(), 'noop.js'), import.meta.url]) {
      let manifest: string;
      try {
        manifest = createRequire(base).resolve('tsx/package.json');
      } catch {
        continue;
      }
      const esm = (await import(pathToFileURL(importEntry(manifest, './esm/api')).href)) as { register(): unknown };
      esm.register();
      const esbuild = (await import(pathToFileURL(createRequire(manifest).resolve('esbuild')).href)) as { transform: Tsx['transform'] };
      return { manifest, transform: esbuild.transform };
    }
    return null;
  })();
  return tsxLoaded;
}

/**
 * The ES-module build of one of tsx's entry points, read from its package.json exports ("import"
 * condition): `require.resolve` alone would pick the CommonJS build, whose ESM register points at a
 * file the package does not contain (tsx 4.23).
 */
function importEntry(manifest: string, key: string): string {
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const entry = exports[key]?.import?.default;
  if (entry === undefined) throw new Error(`tsx's package.json (${manifest}) has no import entry for ${key}`);
  return join(dirname(manifest), entry);
}

/** The "type" of the nearest package.json above a folder ('commonjs' when none says otherwise). */
function packageType(folder: string): string {
  for (let dir = folder; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type ?? 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(dir) === dir) return 'commonjs';
  }
}

/** Node strips erasable TypeScript by default from 22.18 (and 23.6 on the odd line). */
function nodeStripsTypes(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
}
