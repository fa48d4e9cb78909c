/** Rejection ABC: the simulation-based baseline. */
export { abc, AbcBackend } from './backend.js';
export { AbcTable } from './trained.js';
export type { AbcOptions } from './options.js';
export { nearest } from './rejection.js';
export { kdeResample, kdeFit, silvermanFactor } from './kde.js';
export { summarizeAll, summaryScale, type AbcSummary } from './summaries.js';
