/** The MCMC backends: NUTS (gradient-based) and adaptive random-walk Metropolis (gradient-free). */
export { nuts, type NutsOptions } from './nuts.js';
export { rwm, type RwmOptions } from './rwm.js';
export { ebfmi } from './sampler-diagnostics.js';
export { runNutsChain, type NutsChainOptions } from './nuts-chain.js';
export { runRwmChain, type RwmChainOptions } from './rwm-chain.js';
export type { DensityTarget, McmcModel } from './target.js';
export type { ChainResult } from './chain-result.js';
