/**
 * Hand-written test models have no latents, so their parameter block is all of u: the
 * param-block half of the CompiledModel contract is the whole-u half, delegated.
 */
import type { CompiledModel } from '../../src/lang/compiled-model.js';

type ParamBlockKeys =
  | 'paramUnconstrainedDim' | 'logParamPrior' | 'logParamPriorGrad' | 'paramsFromUnconstrained' | 'paramsToUnconstrained';

export function withParamBlock(model: Omit<CompiledModel, ParamBlockKeys>): CompiledModel {
  if (model.latentDim !== 0) throw new Error('withParamBlock: only for models without latents');
  return {
    ...model,
    paramUnconstrainedDim: model.unconstrainedDim,
    logParamPrior: (u) => model.logPrior(u),
    logParamPriorGrad: (u, grad) => model.logPriorGrad(u, grad),
    paramsFromUnconstrained: (u, theta) => model.fromUnconstrained(u, theta),
    paramsToUnconstrained: (theta) => model.toUnconstrained(theta),
  };
}
