/**
 * Loading a model file: a TypeScript/JavaScript module (`.ts`, `.mts`, `.js`, `.mjs`) exporting
 * a model (default export or `model`) and optionally `data` (an object, an array of objects, or a
 * possibly async function returning one) and `reference` (known true or reference values by
 * element name, drawn as rules on plots); or a plain DSL source file (`.amz`).
 *
 * How each kind of module is imported, in ESM and commonjs projects alike: module-loader.ts.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Model } from '../lang/model.js';
import { modelFromSource } from '../lang/dsl.js';
import type { DataSet } from '../backends/infer.js';
import { InputFileError } from './errors.js';
import { importUserModule } from './module-loader.js';

export interface LoadedModel {
  model: Model;
  /** The file's own data, if it exports some. */
  data?: DataSet | DataSet[];
  /** Reference or true values by element name ('mu', 'theta[1]'), if the file exports them. */
  reference?: Record<string, number>;
  /** Absolute path of the file. */
  path: string;
}

const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const SOURCE_EXTENSIONS = new Set(['.amz', '.model', '.txt']);

export function isModel(value: unknown): value is Model {
  const m = value as Partial<Model> | null;
  return typeof m === 'object' && m !== null && typeof m.compile === 'function' && typeof m.splitData === 'function' && Array.isArray(m.paramNames);
}

export async function loadModelFile(file: string, cwd: string): Promise<LoadedModel> {
  const path = resolve(cwd, file);
  try {
    if (!(await stat(path)).isFile()) throw new Error();
  } catch {
    throw new InputFileError(`model file '${file}' not found (looked at ${path})`);
  }
  const ext = extname(path).toLowerCase();
  if (SOURCE_EXTENSIONS.has(ext)) {
    // ModelError from parsing propagates as is: its message shows the line with a caret.
    return { model: modelFromSource(await readFile(path, 'utf8')), path };
  }
  if (!MODULE_EXTENSIONS.has(ext)) {
    throw new InputFileError(`model file '${file}': unknown extension '${ext}'; expected a module (.ts, .mts, .cts, .js, .mjs, .cjs) or DSL source (.amz)`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path, ext, file);
  } catch (error) {
    const e = error as Error;
    // A model defined at module top level throws ModelError while importing: keep it as is.
    if (e?.name === 'ModelError' || e?.name === 'DataError' || e instanceof InputFileError) throw e;
    throw new InputFileError(`could not load '${file}': ${e?.message ?? String(e)}`);
  }
  const candidate = isModel(mod.default) ? mod.default : mod.model;
  if (!isModel(candidate)) {
    const found = Object.keys(mod).join(', ') || 'nothing';
    throw new InputFileError(`'${file}' exports no model: export one as the default export or as \`model\` (found: ${found})`);
  }
  const loaded: LoadedModel = { model: candidate, path };
  if (mod.data !== undefined) loaded.data = await resolveData(mod.data, file);
  if (mod.reference !== undefined) loaded.reference = mod.reference as Record<string, number>;
  return loaded;
}

async function resolveData(value: unknown, file: string): Promise<DataSet | DataSet[]> {
  let data = value;
  if (typeof data === 'function') {
    try {
      data = await (data as () => unknown)();
    } catch (error) {
      const e = error as Error;
      if (e?.name === 'DataError') throw e;
      throw new InputFileError(`'${file}': its data() function failed: ${e?.message ?? String(e)}`);
    }
  }
  const ok = (d: unknown): boolean => typeof d === 'object' && d !== null && !Array.isArray(d);
  if (ok(data) || (Array.isArray(data) && data.length > 0 && data.every(ok))) return data as DataSet | DataSet[];
  throw new InputFileError(`'${file}': \`data\` must be an object of named values, an array of them, or a function returning one`);
}
