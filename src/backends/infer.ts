/**
 * `infer(model, data, backend)`: the one call every backend answers.
 *
 * `data` holds inputs and observations together ({ n: 10, heads: 7 }); it is split by the
 * model's declared names, validated (DataError on anything wrong, nothing coerced), and data sets
 * that share inputs are compiled once and handed to the backend as one batch — that is what makes
 * amortized backends fast on many data sets.
 */
import type { Model } from '../lang/model.js';
import type { CompiledModel } from '../lang/compiled-model.js';
import type { Backend, RunOptions } from './backend.js';
import type { Posterior } from './posterior.js';
import { DataError } from '../lang/errors.js';

export type DataSet = Record<string, unknown>;

export function infer(model: Model, data: DataSet, backend: Backend, options?: RunOptions): Promise<Posterior>;
export function infer(model: Model, data: DataSet[], backend: Backend, options?: RunOptions): Promise<Posterior[]>;
export async function infer(
  model: Model,
  data: DataSet | DataSet[],
  backend: Backend,
  options: RunOptions = {},
): Promise<Posterior | Posterior[]> {
  const many = Array.isArray(data);
  const dataSets = many ? data : [data];
  if (dataSets.length === 0) throw new DataError('data', 'no data sets given', 'at least one data set', 'an empty array');

  // Group data sets by their compiled model (the Model caches compilation per distinct inputs).
  const groups = new Map<CompiledModel, { indices: number[]; xs: Float64Array[] }>();
  dataSets.forEach((dataSet, index) => {
    if (dataSet === null || typeof dataSet !== 'object') {
      throw new DataError(many ? `data[${index}]` : 'data', 'must be an object of named values', 'an object', typeof dataSet);
    }
    const { inputs, data: observed } = model.splitData(dataSet);
    const compiled = model.compile(inputs);
    const x = compiled.flattenData(observed);
    const group = groups.get(compiled) ?? { indices: [], xs: [] };
    group.indices.push(index);
    group.xs.push(x);
    groups.set(compiled, group);
  });

  const results: Posterior[] = new Array(dataSets.length);
  for (const [compiled, group] of groups) {
    const posteriors = await backend.run(compiled, group.xs, options);
    group.indices.forEach((index, k) => {
      results[index] = posteriors[k]!;
    });
  }
  return many ? results : results[0]!;
}
