/**
 * Training data from a compiled model: the bridge between `CompiledModel.simulate` (flat float64
 * arrays) and the training loop's named fields. Amortized estimators learn in the parameter block
 * of the unconstrained space (latents are marginalised by simulation), so `uParams` is the usual
 * target; `theta` (constrained) is there for estimators that report on that scale.
 */
import type { CompiledModel } from '../../../lang/compiled-model.js';
import type { Rng } from '../../rng.js';
import type { TrainArrays } from './data.js';
import type { SimulateFn } from './train.js';

/**
 * The shape of one data set as a network sees it: a single data statement keeps its own shape
 * (a scalar becomes [1]); several are flattened and concatenated to [dataDim].
 */
export function dataShapeOf(model: Pick<CompiledModel, 'data' | 'dataDim'>): number[] {
  if (model.data.length === 1) {
    const s = model.data[0]!.shape;
    return s.length === 0 ? [1] : [...s];
  }
  return [model.dataDim];
}

/**
 * n simulations of `model` as fields uParams (n, paramUnconstrainedDim), theta (n, dim) and
 * x (n, ...dataShapeOf(model)).
 */
export function simulateModel(model: CompiledModel, n: number, rng: Rng): TrainArrays {
  const s = model.simulate(n, rng);
  const U = model.unconstrainedDim;
  const P = model.paramUnconstrainedDim;
  // u rows are [params | latents]: keep the parameter block.
  let uParams = s.u;
  if (P !== U) {
    uParams = new Float64Array(n * P);
    for (let i = 0; i < n; i++) uParams.set(s.u.subarray(i * U, i * U + P), i * P);
  }
  return {
    uParams: { data: uParams, shape: [P] },
    theta: { data: s.theta, shape: [model.dim] },
    x: { data: s.x, shape: dataShapeOf(model) },
  };
}

/** An online-training simulate callback for `model` (in-thread: a compiled model is a closure). */
export function modelSimulator(model: CompiledModel, rng: Rng): SimulateFn {
  return (n) => simulateModel(model, n, rng.split());
}
