/**
 * `model`: the entry point of the language. A tagged template (`model\`...\``) or a builder
 * function (`model(({ input, param, data }) => ...)`) becomes a checked `Model` (src/lang/model.ts).
 * Parsing and checking throw only ModelError, whatever the source or the interpolated values.
 *
 * Interpolations are rendered as `${0}`, `${1}`, ... in the source that error messages show, so
 * line:column refer to what the user sees in their editor (up to the interpolated text).
 */
import type { ModelIR, Stmt } from './ir.js';
import type { CompiledModel, Inputs } from './compiled-model.js';
import type { Model } from './model.js';
import { DataError, ModelError } from './errors.js';
import { buildIR, type BuilderApi } from './builder.js';
import { checkModel, type CheckedModel } from './checks/index.js';
import { sourceToIR } from './to-ir.js';
import { compileModel } from './compile/index.js';

/** A checked model plus what the checks learnt (types of all names). */
export interface LangModel extends Model {
  readonly latentNames: readonly string[];
  readonly checked: CheckedModel;
}

export function model(strings: TemplateStringsArray, ...values: unknown[]): LangModel;
export function model(build: (api: BuilderApi) => void): LangModel;
export function model(first: TemplateStringsArray | ((api: BuilderApi) => void), ...values: unknown[]): LangModel {
  if (typeof first === 'function') return modelFromIR(guard(() => buildIR(first)));
  if (!isTemplate(first)) {
    throw new ModelError('model expects a tagged template (model`...`) or a builder function', undefined, undefined, 'model`...` or model(({ input, param, data }) => { ... })', typeof first);
  }
  const source = first.map((text, i) => (i === 0 ? '' : `\${${i - 1}}`) + (text ?? first.raw[i] ?? '')).join('');
  return modelFromSource(source, values);
}

function isTemplate(value: unknown): value is TemplateStringsArray {
  return Array.isArray(value) && Array.isArray((value as unknown as { raw?: unknown }).raw);
}

/** A model from source text (e.g. a file), `${i}` standing for values[i]. */
export function modelFromSource(source: string, values: readonly unknown[] = []): LangModel {
  if (typeof source !== 'string') throw new ModelError('a model source must be a string', undefined, undefined, 'string', typeof source);
  return modelFromIR(guard(() => sourceToIR(source, values)));
}

/**
 * Our promise is "only ModelError": anything else escaping parsing (a chevrotain internal error,
 * a user getter that throws) is a bug in the model or in us, reported as a ModelError all the same.
 */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof ModelError) throw error;
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new ModelError('the model is nested too deeply to read', undefined, undefined, 'fewer nested brackets or calls', 'a stack overflow');
    }
    throw new ModelError(`could not read the model: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function namesOf(statements: readonly Stmt[], kind: Stmt['kind']): string[] {
  return statements.filter((s) => s.kind === kind).map((s) => s.name);
}

/** Inputs → a cache key. Typed arrays stringify as objects, so turn them into plain arrays first. */
function inputsKey(inputs: Inputs): string {
  return JSON.stringify(Object.keys(inputs).sort().map((k) => {
    const v = inputs[k];
    return [k, ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v];
  }));
}

const CACHE_LIMIT = 16;

/** Check an IR (from either front end) and wrap it as a Model. */
export function modelFromIR(ir: ModelIR): LangModel {
  const checked = guard(() => checkModel(ir));
  const inputNames = namesOf(ir.statements, 'input');
  const dataNames = namesOf(ir.statements, 'data');
  const cache = new Map<string, CompiledModel>();
  return {
    ir,
    checked,
    inputNames,
    paramNames: namesOf(ir.statements, 'param'),
    latentNames: namesOf(ir.statements, 'latent'),
    dataNames,
    compile(inputs: Inputs = {}): CompiledModel {
      const key = inputsKey(inputs);
      const cached = cache.get(key);
      if (cached) return cached;
      const compiled = compileModel(ir, inputs);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, compiled);
      return compiled;
    },
    splitData(values: Record<string, unknown>) {
      const inputs: Inputs = {};
      const data: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) {
        if (inputNames.includes(name)) inputs[name] = value;
        else if (dataNames.includes(name)) data[name] = value;
        else {
          const valid = [...inputNames, ...dataNames];
          throw new DataError(name, 'is neither an input nor data of this model', valid.length > 0 ? `one of ${valid.join(', ')}` : 'no values (the model has no inputs or data)', name);
        }
      }
      return { inputs, data };
    },
  };
}
