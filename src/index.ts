/**
 * divbench as a library: the analysis functions (pure, on typed arrays), suite loading and the
 * run API. The CLI (`divbench`) is built on these. Every export is named here (no `export *`):
 * this list is the public API.
 */
export {
  correctnessMatrix, accuracies, errorConsistency, systemicFailure, poissonBinomialPmf, capa,
  linearCka, linearCkaMatrix, diversityMeasures, labelAgreement, recipeKey, isRandomKey,
  sameRecipeOf, sharesRandomness, pairRegression, twoLevelBootstrap, vendiScore, diversityCurves,
  log2hAtFixedM, verdict, pairedDifferenceCi, DEFAULT_ROPE, protocolPower, minimumDetectableFactor,
  minimumDetectableKappa, percentileInterval, formatInterval, correctedResampledTTest,
  bayesianCorrelatedTTest, tCiOverFolds, mcnemar, mcnemarFromCounts, friedmanNemenyi,
  wilcoxonSignedRank, wilcoxonHolm, holm, expectedCalibrationError, calibrationFromConfidence,
  bootstrapCi, mulberry32, analyzePredictions, validatePredictionsInput,
} from './analysis/index.js';
export type {
  CorrectnessMatrix, ErrorConsistencyResult, SystemicFailureResult, CapaInput, CapaResult,
  FeatureMatrix, CkaOptions, DiversityResult, LabelAgreementResult, ModelFactors,
  PairRegressionResult, RegressionTerm, PairGroup, TwoLevelBootstrap, VendiResult, DiversityCurve,
  CurvePoint, Log2HmResult, Verdict, VerdictKind, ProtocolPower, Interval, CiLevel,
  CorrectedTTestResult, BayesianTTestResult, McNemarResult, FriedmanResult, WilcoxonResult,
  WilcoxonHolmResult, CalibrationResult, BootstrapCi, BootstrapOptions, AnalysisResult,
  AnalyzeOptions, ValidatedPredictions,
} from './analysis/index.js';
export { loadSuite, parseSuite } from './spec/load-suite.js';
export { expandMatrix, cellId } from './spec/expand-matrix.js';
export { assignFolds, splitIndices, foldHash } from './spec/folds.js';
export { BACKENDS, BACKEND_REQUESTS, type BackendName, type BackendRequest } from './spec/backends.js';
export { runSuite, type RunOptions, type RunSummary } from './harness/run-suite.js';
export { loadRunDatasets } from './store/read-predictions.js';
export type { Suite, Cell, ComponentSpec } from './spec/types.js';
export type { CellResult, FoldResult, CellSummary } from './store/results.js';
export {
  DivbenchError, SuiteError, DatasetError, PredictionsError, BaselineError, BaselineFileError,
  BackendUnavailableError, MergeError, LockError, RunFolderError, UsageError, shown, WriteError,
  CellWriteError, isDivbenchError,
  type ErrorCode,
} from './errors.js';
