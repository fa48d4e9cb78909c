/** MCMC convergence diagnostics (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021). */
export { rhat, rhatBasic, rhatBulk, rhatTail, rhatRaw } from './rhat.js';
export { essBasic, essBulk, essTail, essQuantile, essRaw } from './ess.js';
export { mcseMean, mcseSd, mcseQuantile, pooledMeanSd } from './mcse.js';
export { splitChains, rankNormalize, fold, pooledQuantile, quantileSorted, type Chains } from './chains.js';
export { normalQuantile } from '../../runtime/special.js';
export { autocovariance } from './autocovariance.js';
export { summarizeScalar, type ScalarSummary } from './summary.js';
