/**
 * Reads a run folder's prediction files into the analysis input (one per dataset): every completed
 * cell's out-of-fold predictions of one repeat, aligned by example index, and its probe features
 * aligned by (fold, index) — identical rows for every cell, since folds and probes depend only on
 * the split. The shape is the analysis's `ValidatedPredictions` (checked where it is passed on);
 * it is declared here so that store/ depends on nothing but spec/.
 */
import { PredictionsError } from '../errors.js';
import { readCellFeatures, readCellPredictions } from './predictions-file.js';
import type { CompletedResult } from './results.js';
import { readAllResults, requireRunDir } from './run-dir.js';

export interface RunPredictions {
  ids: string[];
  labels: Int32Array;
  numClasses: number;
  preds: Int32Array[];
  /** N × K row-major per model. */
  probs: (Float64Array | undefined)[];
  features: ({ data: Float64Array; rows: number; cols: number } | undefined)[];
  /** Fold id per features row, shared by every model. */
  featureFolds?: Int32Array;
  factors: (Record<string, string> | undefined)[];
}

export interface DatasetPredictions {
  readonly datasetId: string;
  readonly cells: CompletedResult[];
  readonly predictions: RunPredictions;
}

export function readDatasetPredictions(dir: string, datasetId: string, cells: CompletedResult[], repeat = 0): RunPredictions {
  const N = cells[0].dataset!.n;
  const K = cells[0].dataset!.numClasses;
  let labels: Int32Array | undefined;
  let featureKeys: string | undefined;
  let featureFolds: Int32Array | undefined;
  const preds: Int32Array[] = [];
  const probs: Float64Array[] = [];
  const features: RunPredictions['features'] = [];
  for (const r of cells) {
    const all = readCellPredictions(dir, r, repeat + 1);
    const lab = all.labels;
    if (!labels) labels = lab;
    else if (!labels.every((v, i) => v === lab[i])) throw new PredictionsError(`${r.cellId}: labels differ from the other cells of dataset '${datasetId}'`);
    preds.push(all.model.pred.slice(repeat * N, (repeat + 1) * N));
    probs.push(all.model.probs.slice(repeat * N * K, (repeat + 1) * N * K));
    if (r.files.features) {
      const f = readCellFeatures(dir, r, repeat);
      const key = Array.from(f.fold, (fold, j) => `${fold}:${f.index[j]}`).join(',');
      if (featureKeys === undefined) {
        featureKeys = key;
        featureFolds = f.fold;
      } else if (key !== featureKeys) throw new PredictionsError(`${r.cellId}: probe examples differ from the other cells of dataset '${datasetId}'`);
      features.push({ data: f.data, rows: f.rows, cols: f.cols });
    } else features.push(undefined);
  }
  return {
    ids: cells.map((r) => r.cellId),
    labels: labels!,
    numClasses: K,
    preds,
    probs,
    features,
    ...(featureFolds ? { featureFolds } : {}),
    factors: cells.map((r) => ({ ...(r.factors ?? r.cell.factors) })),
  };
}

/** Every dataset of a run with at least one completed cell. */
export function loadRunDatasets(runDir: string): DatasetPredictions[] {
  const dir = requireRunDir(runDir);
  const completed = readAllResults(dir).filter((r): r is CompletedResult => r.state === 'completed' && r.dataset !== undefined);
  const ids = [...new Set(completed.map((r) => r.cell.dataset.id))];
  return ids.map((datasetId) => {
    const cells = completed.filter((r) => r.cell.dataset.id === datasetId);
    return { datasetId, cells, predictions: readDatasetPredictions(dir, datasetId, cells) };
  });
}
