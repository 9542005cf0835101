/**
 * The Arrow layout of a cell's prediction files, written (by the worker) and read (by the report,
 * `analyze`, `submit` and `compare`) in this one module:
 *
 *   predictions.arrow       repeat, index, fold, label, pred, p0..p{K-1}   (every out-of-fold example)
 *   features.arrow          repeat, fold, index, f0..f{d-1}                (each fold's probe subset)
 *   test-predictions.arrow  repeat, fold, index, label, pred, p0..p{K-1}   (official test split, every fold model)
 */
import { join } from 'node:path';
import { PredictionsError } from '../errors.js';
import { indexedNames, readColumns, writeColumns, type Column } from './arrow-file.js';
import type { CompletedResult, StoredFile } from './results.js';

export const PREDICTIONS_FILE = 'predictions.arrow';
export const FEATURES_FILE = 'features.arrow';
export const TEST_PREDICTIONS_FILE = 'test-predictions.arrow';

/** Out-of-fold rows, one per (repeat, example); `probs` is rows × K row-major. */
export interface OutOfFoldRows {
  readonly repeat: Int32Array;
  readonly index: Int32Array;
  readonly fold: Int32Array;
  readonly label: Int32Array;
  readonly pred: Int32Array;
  readonly probs: Float32Array;
}

/** One fold's probe features: `features` is index.length × d row-major. */
export interface FeatureBlock {
  readonly repeat: number;
  readonly fold: number;
  readonly index: Int32Array;
  readonly features: Float32Array;
  readonly d: number;
}

/** One fold model's predictions on the official test split (in test-example order). */
export interface TestBlock {
  readonly repeat: number;
  readonly fold: number;
  readonly pred: Int32Array;
  readonly probs: Float32Array;
}

/** A flat rows × width matrix as columns `<prefix>0..<prefix>{width-1}`. */
function splitColumns(prefix: string, flat: Float32Array, width: number): Record<string, Float32Array> {
  const n = width ? flat.length / width : 0;
  const cols: Record<string, Float32Array> = {};
  indexedNames(prefix, width).forEach((name, c) => {
    const col = new Float32Array(n);
    for (let i = 0; i < n; i++) col[i] = flat[i * width + c];
    cols[name] = col;
  });
  return cols;
}

export function writePredictions(cellDir: string, rows: OutOfFoldRows, numClasses: number): StoredFile {
  const { repeat, index, fold, label, pred } = rows;
  return writeColumns(join(cellDir, PREDICTIONS_FILE), PREDICTIONS_FILE, { repeat, index, fold, label, pred, ...splitColumns('p', rows.probs, numClasses) });
}

export function writeFeatures(cellDir: string, parts: readonly FeatureBlock[]): StoredFile {
  const total = parts.reduce((a, p) => a + p.index.length, 0);
  const d = parts[0]?.d ?? 0;
  const repeat = new Int32Array(total);
  const fold = new Int32Array(total);
  const index = new Int32Array(total);
  const feats = new Float32Array(total * d);
  let o = 0;
  for (const p of parts) {
    repeat.fill(p.repeat, o, o + p.index.length);
    fold.fill(p.fold, o, o + p.index.length);
    index.set(p.index, o);
    feats.set(p.features, o * d);
    o += p.index.length;
  }
  const cols: Record<string, Column> = { repeat, fold, index, ...splitColumns('f', feats, d) };
  return writeColumns(join(cellDir, FEATURES_FILE), FEATURES_FILE, cols);
}

export function writeTestPredictions(cellDir: string, parts: readonly TestBlock[], labels: Int32Array, numClasses: number): StoredFile {
  const n = labels.length;
  const K = numClasses;
  const total = parts.length * n;
  const repeat = new Int32Array(total);
  const fold = new Int32Array(total);
  const index = new Int32Array(total);
  const label = new Int32Array(total);
  const pred = new Int32Array(total);
  const probs = new Float32Array(total * K);
  parts.forEach((p, j) => {
    const o = j * n;
    repeat.fill(p.repeat, o, o + n);
    fold.fill(p.fold, o, o + n);
    for (let i = 0; i < n; i++) {
      index[o + i] = i;
      label[o + i] = labels[i];
    }
    pred.set(p.pred, o);
    probs.set(p.probs, o * K);
  });
  const cols: Record<string, Column> = { repeat, fold, index, label, pred, ...splitColumns('p', probs, K) };
  return writeColumns(join(cellDir, TEST_PREDICTIONS_FILE), TEST_PREDICTIONS_FILE, cols);
}

function columnsOf(runDir: string, r: CompletedResult, file: string): Record<string, Column> {
  const path = join(runDir, 'cells', r.cellId, file);
  try {
    return readColumns(path).columns;
  } catch (e) {
    throw new PredictionsError(`${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** A cell's out-of-fold predictions, repeat-major in example order. */
export interface CellPredictions {
  readonly model: {
    readonly pred: Int32Array;
    /** Probability of the true class. */
    readonly ptrue: Float64Array;
    /** Row-major (repeat·N + x)·K + k probabilities. */
    readonly probs: Float64Array;
  };
  readonly labels: Int32Array;
  /** One fold assignment per repeat. */
  readonly folds: Int32Array[];
}

/** A completed cell's predictions.arrow as arrays (repeats 0..repeats-1, every example). */
export function readCellPredictions(runDir: string, r: CompletedResult, repeats: number): CellPredictions {
  const where = join('cells', r.cellId, PREDICTIONS_FILE);
  const c = columnsOf(runDir, r, PREDICTIONS_FILE);
  const N = r.dataset!.n;
  const K = r.dataset!.numClasses;
  const pred = new Int32Array(repeats * N).fill(-1);
  const ptrue = new Float64Array(repeats * N);
  const probs = new Float64Array(repeats * N * K);
  const labels = new Int32Array(N);
  const folds = Array.from({ length: repeats }, () => new Int32Array(N).fill(-1));
  const p = Array.from({ length: K }, (_, k) => c[`p${k}`]);
  if (p.some((x) => x === undefined)) throw new PredictionsError(`${where}: missing probability columns p0..p${K - 1}`);
  for (let row = 0; row < c.index.length; row++) {
    const rep = c.repeat[row];
    const x = c.index[row];
    if (rep >= repeats || x >= N) continue;
    const at = rep * N + x;
    pred[at] = c.pred[row];
    labels[x] = c.label[row];
    folds[rep][x] = c.fold[row];
    ptrue[at] = p[c.label[row]][row];
    for (let k = 0; k < K; k++) probs[at * K + k] = p[k][row];
  }
  const missing = pred.indexOf(-1);
  if (missing >= 0) throw new PredictionsError(`${where}: no prediction for repeat ${Math.floor(missing / N)}, example ${missing % N}`);
  return { model: { pred, ptrue, probs }, labels, folds };
}

/** One repeat's probe features, rows sorted by (fold, example index). */
export interface ProbeFeatures {
  readonly fold: Int32Array;
  readonly index: Int32Array;
  /** rows × cols row-major. */
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function readCellFeatures(runDir: string, r: CompletedResult, repeat: number): ProbeFeatures {
  const f = columnsOf(runDir, r, FEATURES_FILE);
  const rows: number[] = [];
  for (let row = 0; row < f.index.length; row++) if (f.repeat[row] === repeat) rows.push(row);
  rows.sort((a, b) => f.fold[a] - f.fold[b] || f.index[a] - f.index[b]);
  const d = Object.keys(f).filter((k) => /^f\d+$/.test(k)).length;
  const data = new Float64Array(rows.length * d);
  rows.forEach((row, j) => {
    for (let q = 0; q < d; q++) data[j * d + q] = f[`f${q}`][row];
  });
  return { fold: Int32Array.from(rows, (row) => f.fold[row]), index: Int32Array.from(rows, (row) => f.index[row]), data, rows: rows.length, cols: d };
}
