/**
 * Baselines: committed, verified reference runs (`reports/baselines/<suite>/<name>/`). The manifest
 * format lives in manifest/; submit-*, verify, compare and load-baselines build on it. Their
 * statistics are in analysis/, their report rows in report/baseline-rows.ts.
 */
export { resolveBaselinePath, DEFAULT_BASELINES_ROOT } from './resolve.js';
export { loadBaseline, loadBaselines, mergePredictions, type BaselineDatasetView, type BaselineModelRow, type LoadedBaseline } from './load-baselines.js';
export { verifyBaseline, requireVerifiedBaseline, type BaselineData } from './verify.js';
export { compareRun, type CompareOptions, type CompareResult } from './compare.js';
export { formatCompareMarkdown, formatCompareText } from './compare-format.js';
export { draftFromRun } from './submit-run.js';
export { draftFromExternal } from './submit-external.js';
export { writeBaseline } from './manifest/write.js';
export { exportFolds } from './fold-export.js';
