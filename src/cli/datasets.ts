/**
 * Which data sets a command runs on: `--data <file>` when given, else the model file's own `data`.
 *
 * Inputs the model file's data provides (sizes, covariates) are merged under each data set from
 * `--data`, so a CSV of many data sets needs only the columns that change (e.g. `heads`), not
 * `n` repeated on every row.
 */
import type { DataSet } from '../backends/infer.js';
import type { LoadedModel } from './load-model.js';
import { loadDataFile } from './load-data.js';
import { InputFileError } from './errors.js';

export interface ResolvedData {
  dataSets: DataSet[];
  /** Where they came from, for messages and the JSON report. */
  origin: string;
}

export async function resolveDataSets(loaded: LoadedModel, dataFile: string | undefined, cwd: string): Promise<ResolvedData> {
  const own = loaded.data === undefined ? [] : Array.isArray(loaded.data) ? loaded.data : [loaded.data];
  if (dataFile === undefined) {
    if (own.length === 0) {
      const names = [...loaded.model.inputNames, ...loaded.model.dataNames];
      throw new InputFileError(`no data: give --data <file.json|file.csv> or export \`data\` from the model file (this model needs ${names.join(', ') || 'no values'})`);
    }
    return { dataSets: own, origin: 'the model file' };
  }
  const fromFile = await loadDataFile(dataFile, cwd);
  const list = Array.isArray(fromFile) ? fromFile : [fromFile];
  const defaults: DataSet = {};
  if (own.length > 0) {
    for (const name of loaded.model.inputNames) if (name in own[0]!) defaults[name] = own[0]![name];
  }
  return { dataSets: list.map((d) => ({ ...defaults, ...d })), origin: dataFile };
}

/** The inputs (sizes, covariates) of a data set: amortized training needs them, not the observations. */
export function inputsOf(loaded: LoadedModel, dataSet: DataSet): Record<string, unknown> {
  return loaded.model.splitData(dataSet).inputs;
}
