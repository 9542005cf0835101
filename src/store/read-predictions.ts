/**
 * Reads a run folder's Arrow files into the analysis input (one per dataset): every completed
 * cell's out-of-fold predictions of repeat 0, aligned by example index, and its probe features
 * aligned by (fold, index) — identical rows for every cell, since folds and probes depend only on
 * the split.
 */
import { join } from 'node:path';
import type { ValidatedPredictions } from '../analysis/predictions-input.js';
import { PredictionsError } from '../errors.js';
import { readColumns } from './arrow-file.js';
import type { CompletedResult } from './results.js';
import { readAllResults, requireRunDir } from './run-dir.js';

export interface DatasetPredictions {
  readonly datasetId: string;
  readonly cells: CompletedResult[];
  readonly predictions: ValidatedPredictions;
}

function columnsOf(dir: string, r: CompletedResult, file: string) {
  try {
    return readColumns(join(dir, 'cells', r.cellId, file)).columns;
  } catch (e) {
    throw new PredictionsError(`${join(dir, 'cells', r.cellId, file)}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
}

export function readDatasetPredictions(dir: string, datasetId: string, cells: CompletedResult[], repeat = 0): ValidatedPredictions {
  const first = cells[0];
  const N = first.dataset!.n;
  const K = first.dataset!.numClasses;
  let labels: Int32Array | undefined;
  let featureKeys: string | undefined;
  let featureFolds: Int32Array | undefined;
  const preds: Int32Array[] = [];
  const probs: Float64Array[] = [];
  const features: ValidatedPredictions['features'] = [];
  for (const r of cells) {
    const c = columnsOf(dir, r, 'predictions.arrow');
    const pred = new Int32Array(N);
    const lab = new Int32Array(N);
    const prob = new Float64Array(N * K);
    let seen = 0;
    for (let row = 0; row < c.index.length; row++) {
      if (c.repeat[row] !== repeat) continue;
      const i = c.index[row];
      pred[i] = c.pred[row];
      lab[i] = c.label[row];
      for (let k = 0; k < K; k++) prob[i * K + k] = c[`p${k}`][row];
      seen++;
    }
    if (seen !== N) throw new PredictionsError(`${r.cellId}: predictions.arrow has ${seen} rows for repeat ${repeat}, expected ${N}`);
    if (!labels) labels = lab;
    else if (!labels.every((v, i) => v === lab[i])) throw new PredictionsError(`${r.cellId}: labels differ from the other cells of dataset '${datasetId}'`);
    preds.push(pred);
    probs.push(prob);
    if (r.files.features) {
      const f = columnsOf(dir, r, 'features.arrow');
      const rows: number[] = [];
      for (let row = 0; row < f.index.length; row++) if (f.repeat[row] === repeat) rows.push(row);
      rows.sort((a, b) => f.fold[a] - f.fold[b] || f.index[a] - f.index[b]);
      const key = rows.map((row) => `${f.fold[row]}:${f.index[row]}`).join(',');
      if (featureKeys === undefined) {
        featureKeys = key;
        featureFolds = Int32Array.from(rows, (row) => f.fold[row]);
      } else if (key !== featureKeys) throw new PredictionsError(`${r.cellId}: probe examples differ from the other cells of dataset '${datasetId}'`);
      const d = Object.keys(f).filter((k) => /^f\d+$/.test(k)).length;
      const data = new Float64Array(rows.length * d);
      rows.forEach((row, j) => { for (let q = 0; q < d; q++) data[j * d + q] = f[`f${q}`][row]; });
      features.push({ data, rows: rows.length, cols: d });
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
    factors: cells.map((r) => ({ architecture: r.cell.architecture.id, optimizer: r.cell.optimizer.id, seed: String(r.cell.seed) })),
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
