/**
 * One entry point from plain data to an estimator, so save/load and the amortized backends can
 * rebuild any estimator from `{ kind, config, weights }` without knowing the classes.
 */
import type { ConditionalDensityEstimator, DensityKind, DensitySpec } from './types.js';
import { DiagonalGaussian, FullGaussian, type GaussianConfig } from './gaussian.js';
import { MixtureDensityNetwork, type MdnConfig } from './mdn.js';
import { AffineCouplingFlow, type AffineCouplingConfig } from './affine-coupling.js';
import { MaskedAutoregressiveFlow, type MafConfig } from './maf.js';
import { SplineFlow, type SplineFlowConfig } from './spline-flow.js';
import { DensityEnsemble, type EnsembleConfig } from './ensemble.js';

/** Config type of each kind. */
export interface DensityConfigs {
  'diag-gaussian': GaussianConfig;
  'full-gaussian': GaussianConfig;
  mdn: MdnConfig;
  'affine-coupling': AffineCouplingConfig;
  maf: MafConfig;
  'spline-flow': SplineFlowConfig;
  ensemble: EnsembleConfig;
}

export type AnyDensitySpec = { [K in DensityKind]: DensitySpec<DensityConfigs[K]> & { kind: K } }[DensityKind];

export const DENSITY_KINDS: readonly DensityKind[] = [
  'diag-gaussian',
  'full-gaussian',
  'mdn',
  'affine-coupling',
  'maf',
  'spline-flow',
  'ensemble',
];

/**
 * Builds an estimator from a spec: fresh weights (seeded by `config.seed`) when `weights` is
 * absent, else exactly the given weights (in `trainableVariables()` order).
 */
export function createDensityEstimator(spec: AnyDensitySpec): ConditionalDensityEstimator {
  switch (spec.kind) {
    case 'diag-gaussian':
      return DiagonalGaussian.fromSpec(spec);
    case 'full-gaussian':
      return FullGaussian.fromSpec(spec);
    case 'mdn':
      return MixtureDensityNetwork.fromSpec(spec);
    case 'affine-coupling':
      return AffineCouplingFlow.fromSpec(spec);
    case 'maf':
      return MaskedAutoregressiveFlow.fromSpec(spec);
    case 'spline-flow':
      return SplineFlow.fromSpec(spec);
    case 'ensemble':
      return DensityEnsemble.fromSpec(spec, (member) => createDensityEstimator(member as AnyDensitySpec));
    default: {
      const kind: string = (spec as { kind: string }).kind;
      throw new Error(`createDensityEstimator: unknown kind '${kind}'; expected one of ${DENSITY_KINDS.join(', ')}`);
    }
  }
}
