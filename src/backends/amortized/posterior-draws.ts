/**
 * Posteriors from draws made in the param block's unconstrained space: every draw u_θ is mapped
 * through θ = g(u_θ), so bounded priors never leak mass outside their support, and the result is
 * reported in constrained θ like every other backend's.
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import { Posterior, type PosteriorInit } from '../posterior.js';
import { ParamBlock } from './param-block.js';

export type DrawsPosteriorInit = Omit<PosteriorInit, 'params' | 'chains'>;

/**
 * @param uDraws (n, P) draws of u_θ, row-major
 * @returns a single-chain Posterior of the n draws in constrained θ
 */
export function posteriorFromUnconstrainedDraws(
  model: CompiledModel,
  uDraws: Float32Array | Float64Array,
  n: number,
  init: DrawsPosteriorInit,
  block = new ParamBlock(model),
): Posterior {
  const theta = block.toThetaRows(uDraws, n);
  return new Posterior({ ...init, params: model.params, chains: [theta] });
}
