/**
 * Importing a user's model module (`.ts`, `.mts`, `.cts`, `.js`, `.mjs`, `.cjs`) from the CLI, in
 * any project: ESM or a default `"type": "commonjs"` one, from the compiled package or the sources.
 *
 * TypeScript needs a loader on Node 20: tsx, an optional peer dependency, loaded lazily only when a
 * model file needs it, looked up first from the user's project (the folder of the model file and
 * upwards), then next to this package. Without tsx, Node ≥ 22.18 strips types itself, so the plain
 * import is tried and a failure explains how to get tsx. JavaScript models load with Node's own
 * loader (Node ≥ 20.19 detects ESM syntax in a `.js` file of a commonjs project).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputFileError } from './errors.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
let tsxRegistered: Promise<boolean> | undefined;

/** Imports the module at an absolute path and returns its exports, unwrapping a CommonJS module. */
export async function importUserModule(path: string, ext: string, file: string): Promise<Record<string, unknown>> {
  if (TYPESCRIPT.has(ext) && !(await registerTsx(path)) && !nodeStripsTypes()) {
    throw new InputFileError(
      `'${file}' is TypeScript, and Node ${process.versions.node} cannot load it alone: install tsx in your project ` +
      `(npm install --save-dev tsx), use Node ≥ 22.18, or write the model as .js/.mjs`,
    );
  }
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  return unwrapCommonJs(mod);
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

/** Registers tsx's ESM and CommonJS hooks once; false when tsx is not installed anywhere we look. */
function registerTsx(modelPath: string): Promise<boolean> {
  tsxRegistered ??= (async () => {
    const from = [join(dirname(modelPath), 'noop.js'), join(process.cwd(), 'noop.js'), import.meta.url];
    for (const base of from) {
      let esmApi: string;
      let cjsApi: string;
      try {
        const require = createRequire(base);
        esmApi = require.resolve('tsx/esm/api');
        cjsApi = require.resolve('tsx/cjs/api');
      } catch {
        continue;
      }
      const esm = (await import(pathToFileURL(esmApi).href)) as { register(): unknown };
      const cjs = (await import(pathToFileURL(cjsApi).href)) as { register(): unknown };
      esm.register();
      cjs.register();
      return true;
    }
    return false;
  })();
  return tsxRegistered;
}

/** Node strips erasable TypeScript by default from 22.18 (and 23.6 on the odd line). */
function nodeStripsTypes(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
}
