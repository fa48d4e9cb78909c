/** Rejection ABC: the simulation-based baseline. */
export { abc, AbcBackend, AbcTable, type AbcOptions } from './abc.js';
export { nearest } from './rejection.js';
export { kdeResample, kdeFit, silvermanFactor } from './kde.js';
export { summarizeAll, summaryScale, type AbcSummary } from './summaries.js';
