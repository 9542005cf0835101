/**
 * What `divbench folds` exports so another framework can train on exactly divbench's folds: the
 * labels (and their hash), the fold id of every example for one repeat, k, the split seed and the
 * fold hash a baseline will be checked against; optionally the examples themselves.
 */
import { sha256 } from '../store/arrow-file.js';
import { foldHash } from '../spec/folds.js';
import type { Suite } from '../spec/types.js';
import { expectedFolds, loadDatasetTruth } from './dataset-check.js';
import { UsageError } from '../errors.js';

export interface FoldExport {
  readonly suite: string;
  readonly dataset: string;
  readonly datasetHash: string;
  /** sha256 of the labels as little-endian int32. */
  readonly labelsHash: string;
  readonly n: number;
  readonly numClasses: number;
  readonly k: number;
  readonly splitSeed: number;
  readonly stratified: boolean;
  readonly repeat: number;
  readonly foldHash: string;
  readonly labels: number[];
  /** Fold that holds each example out (its OOF prediction must come from the model trained on the others). */
  readonly folds: number[];
  /** With `data`: each example's values, flattened, and the shape of one example. */
  readonly shape?: number[];
  readonly x?: number[][];
}

export async function exportFolds(suite: Suite, datasetId: string | undefined, options: { repeat?: number; data?: boolean } = {}): Promise<FoldExport> {
  const spec = datasetId === undefined ? (suite.datasets.length === 1 ? suite.datasets[0] : undefined) : suite.datasets.find((d) => d.id === datasetId);
  if (!spec)
    throw new UsageError(
      `suite '${suite.name}': ${datasetId === undefined ? 'has several datasets' : `has no dataset '${datasetId}'`}; pick one with --dataset (${suite.datasets.map((d) => d.id).join(', ')})`,
    );
  const repeat = options.repeat ?? 0;
  const p = suite.protocol;
  if (repeat >= p.repeats) throw new UsageError(`--repeat ${repeat}: the suite has ${p.repeats} repeat(s) (0..${p.repeats - 1})`);
  const truth = await loadDatasetTruth(spec.type, spec.params, suite.file);
  const folds = expectedFolds(truth.labels, { folds: p.folds, repeats: repeat + 1, stratified: p.stratified, splitSeed: p.splitSeed })[repeat];
  const labels = Int32Array.from(truth.labels);
  const out: FoldExport = {
    suite: suite.name,
    dataset: spec.id,
    datasetHash: truth.hash,
    labelsHash: sha256(new Uint8Array(labels.buffer)),
    n: labels.length,
    numClasses: truth.numClasses,
    k: p.folds,
    splitSeed: p.splitSeed,
    stratified: p.stratified,
    repeat,
    foldHash: foldHash(folds),
    labels: Array.from(labels),
    folds: Array.from(folds),
  };
  if (!options.data) return out;
  const d = truth.shape.reduce((a, b) => a * b, 1);
  return { ...out, shape: truth.shape, x: Array.from({ length: labels.length }, (_, i) => Array.from(truth.x.subarray(i * d, (i + 1) * d))) };
}
