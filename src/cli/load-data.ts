/**
 * Data files for `--data`: JSON (one object = one data set, an array of objects = many) or CSV
 * (header = variable names, one row = one data set; columns `y[1]`, `y[2]`, ... form a vector
 * `y`, and `X[1,1]`, `X[1,2]`, ... a matrix). CSV is how many data sets come in at once.
 *
 * Values are passed on unchanged; the model's own checks (DataError) judge them.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { DataSet } from '../backends/infer.js';
import { InputFileError } from './errors.js';

export async function loadDataFile(file: string, cwd: string): Promise<DataSet | DataSet[]> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputFileError(`data file '${file}' not found (looked at ${path})`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return parseJsonData(text, file);
  if (ext === '.csv') {
    const rows = parseCsvData(text, file);
    return rows.length === 1 ? rows[0]! : rows;
  }
  throw new InputFileError(`data file '${file}': expected .json or .csv, got '${ext || 'no extension'}'`);
}

export function parseJsonData(text: string, file = 'data'): DataSet | DataSet[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(`data file '${file}' is not valid JSON: ${(error as Error).message}`);
  }
  const isObject = (v: unknown): v is DataSet => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(value)) return value;
  if (Array.isArray(value) && value.length > 0) {
    const bad = value.findIndex((v) => !isObject(v));
    if (bad < 0) return value as DataSet[];
    throw new InputFileError(`data file '${file}': element ${bad} of the array is not an object of named values`);
  }
  throw new InputFileError(`data file '${file}' must hold an object of named values or a non-empty array of them`);
}

/** Split one CSV line, honouring double quotes (names with commas such as "X[1,2]"). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell.trim()); cell = ''; }
    else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

type Column = { name: string; index: number[] };

function parseHeader(cell: string, file: string): Column {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[\s*(\d+)\s*(?:,\s*(\d+)\s*)?\])?$/.exec(cell);
  if (!m) throw new InputFileError(`data file '${file}': column '${cell}' is not a variable name, name[i] or name[i,j]`);
  const index = [m[2], m[3]].filter((v): v is string => v !== undefined).map(Number);
  if (index.some((i) => i < 1)) throw new InputFileError(`data file '${file}': column '${cell}': indices are 1-based`);
  return { name: m[1]!, index };
}

export function parseCsvData(text: string, file = 'data'): DataSet[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length < 2) throw new InputFileError(`data file '${file}' needs a header row and at least one data row`);
  const headers = splitCsvLine(lines[0]!);
  const columns = headers.map((c) => parseHeader(c, file));
  const twice = headers.find((h, i) => headers.indexOf(h) !== i);
  if (twice !== undefined) throw new InputFileError(`data file '${file}': column '${twice}' appears twice`);
  const rank = new Map<string, number>();
  for (const c of columns) {
    const r = rank.get(c.name);
    if (r !== undefined && r !== c.index.length) throw new InputFileError(`data file '${file}': '${c.name}' has columns of different shapes (e.g. both 'y' and 'y[1]')`);
    rank.set(c.name, c.index.length);
  }
  return lines.slice(1).map((line, row) => {
    const cells = splitCsvLine(line);
    if (cells.length !== columns.length) {
      throw new InputFileError(`data file '${file}', row ${row + 2}: ${cells.length} values for ${columns.length} columns`);
    }
    const out: Record<string, unknown> = {};
    columns.forEach((c, k) => {
      const raw = cells[k]!;
      const v = Number(raw);
      if (raw === '' || Number.isNaN(v)) throw new InputFileError(`data file '${file}', row ${row + 2}, column '${headers[k]}': '${raw}' is not a number`);
      if (c.index.length === 0) out[c.name] = v;
      else if (c.index.length === 1) ((out[c.name] ??= []) as number[])[c.index[0]! - 1] = v;
      else {
        const m = (out[c.name] ??= []) as number[][];
        (m[c.index[0]! - 1] ??= [])[c.index[1]! - 1] = v;
      }
    });
    // Holes (y[1], y[3] without y[2]) would become sparse arrays: refuse them with the name.
    for (const [name, value] of Object.entries(out)) {
      if (Array.isArray(value)) {
        const holes = Array.from({ length: value.length }, (_, i) => i).filter((i) => !(i in value) || (Array.isArray(value[i]) && (value[i] as unknown[]).includes(undefined)));
        if (holes.length > 0 || (Array.isArray(value[0]) && new Set((value as number[][]).map((r) => r.length)).size > 1)) {
          throw new InputFileError(`data file '${file}': the columns of '${name}' leave gaps (check ${name}[${(holes[0] ?? 0) + 1}...])`);
        }
      }
    }
    return out;
  });
}
