/**
 * Validation diagnostics that work on plain arrays, so every backend's posterior draws can feed
 * them: SBC, expected coverage, TARP, C2ST, the review's scoring rules and posterior predictive
 * checks. `run*` adapters take a joint simulator and a posterior sampler and run end to end;
 * `simulateCalibrationDataBatched` takes an async, batched sampler (the shape of Backend.run);
 * `calibrationReport` condenses SBC + coverage + TARP into JSON for an estimator's manifest.
 */
export {
  simulateCalibrationData, simulateCalibrationDataBatched,
  type CalibrationData, type CalibrationRunOptions, type JointSimulator, type PosteriorSampler,
  type BatchPosteriorSampler, type BatchCalibrationRunOptions, type QuantileCalibrationData,
} from './calibration-data.js';
export {
  sbc, sbcRanks, sbcTest, runSbc,
  type SbcRanks, type SbcRankOptions, type SbcTestOptions, type SbcResult, type SbcParameterResult,
} from './sbc.js';
export { simultaneousEcdfBands, ecdfTestPValue, type EcdfBands, type EcdfBandOptions } from './ecdf-bands.js';
export {
  centralCoverage, hpdCoverage, runCoverage, DEFAULT_LEVELS,
  type CoverageAtLevel, type CoverageOptions, type CoverageResult, type HpdCoverageInput,
} from './coverage.js';
export { tarp, runTarp, type TarpOptions, type TarpResult } from './tarp.js';
export { c2st, type C2stOptions, type C2stResult } from './c2st/index.js';
export {
  rmse, rmspe, intervalScore, medianIntervalScore, meanIntervalScore, intervalCoverage,
  paperCrps, crps, crpsNaive, scoreTable, type ScoreInput, type ScoreTable,
} from './scores.js';
export {
  posteriorPredictiveCheck, defaultStatistics,
  type DataSimulator, type TestStatistic, type PpcOptions, type PpcResult, type PpcStatistic,
} from './ppc.js';
// R-hat, ESS and MCSE (Vehtari et al. 2021) live in ./mcmc, owned by the MCMC work.
export {
  rhat, rhatBasic, rhatBulk, rhatTail, rhatRaw,
  essBasic, essBulk, essTail, essQuantile, essRaw,
  mcseMean, mcseSd, mcseQuantile,
  type Chains,
} from './mcmc/index.js';
export {
  calibrationReport, quantileCalibrationReport, formatCalibrationReport,
  type CalibrationReport, type DrawsCalibrationReport, type QuantileCalibrationReport, type CalibrationReportOptions,
  type QuantileReportOptions, type SbcSummary, type CoverageSummary, type QuantileSummary,
} from './report.js';
