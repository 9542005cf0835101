/**
 * divbench as a library: the analysis functions (pure, on typed arrays), suite loading and the
 * run API. The CLI (`divbench`) is built on these.
 */
export * from './analysis/index.js';
export { loadSuite, parseSuite } from './spec/load-suite.js';
export { expandMatrix, cellId } from './spec/expand-matrix.js';
export { assignFolds, splitIndices, foldHash } from './spec/folds.js';
export { runSuite, type RunOptions, type RunSummary } from './harness/run-suite.js';
export { loadRunDatasets } from './store/read-predictions.js';
export type { Suite, Cell, ComponentSpec } from './spec/types.js';
export type { CellResult, FoldResult, CellSummary } from './store/results.js';
export * from './errors.js';
