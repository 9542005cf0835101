/**
 * The compact prediction files of a baseline (see ENCODING in manifest-schema.ts). Per model: the
 * predicted class (1 byte), the probability of the true class as float32 (the held-out loss is
 * recomputed from it exactly) and all class probabilities quantised to 1/255 (enough for CAPA and
 * calibration; 8 bits instead of 32 keeps a 18-model × 10k-example baseline under 3 MB). Per
 * dataset: labels and each repeat's fold ids. Arrow IPC, like the run folder's files.
 */
import { readColumns, writeColumns, type Column } from '../../store/arrow-file.js';
import type { StoredFile } from '../../store/results.js';
import { BaselineFileError } from '../../errors.js';

/** One model's predictions over every (repeat, example), repeat-major. */
export interface ModelPredictions {
  readonly pred: Int32Array;
  /** Probability of the true class (float32 precision), or null without probabilities. */
  readonly ptrue: Float64Array | null;
  /** Row-major (repeat·N + x)·K + k probabilities, or null. */
  readonly probs: Float64Array | null;
}

export interface DatasetArrays {
  readonly labels: Int32Array;
  /** One fold assignment per repeat. */
  readonly folds: Int32Array[];
}

const totalFor = (K: number) => (K <= 255 ? 255 : 65535);

/** Largest-remainder rounding of one probability row to integers summing to `total` (ties: lower class first). */
export function quantizeRow(p: ArrayLike<number>, total: number, out: Int32Array): void {
  const K = out.length;
  let sum = 0;
  for (let k = 0; k < K; k++) sum += Math.max(0, p[k]);
  const scaled = new Float64Array(K);
  let used = 0;
  for (let k = 0; k < K; k++) {
    scaled[k] = sum > 0 ? (Math.max(0, p[k]) / sum) * total : total / K;
    out[k] = Math.floor(scaled[k]);
    used += out[k];
  }
  const order = Array.from({ length: K }, (_, k) => k).sort((a, b) => scaled[b] - out[b] - (scaled[a] - out[a]) || a - b);
  for (let i = 0; used < total; i++, used++) out[order[i % K]]++;
}

const intColumn = (values: ArrayLike<number>, max: number): Column => (max <= 255 ? Uint8Array.from(values) : Int32Array.from(values));

export function writeModelFile(path: string, rel: string, m: ModelPredictions, numClasses: number): StoredFile {
  const rows = m.pred.length;
  const cols: Record<string, Column> = { pred: intColumn(m.pred, numClasses - 1) };
  if (m.probs && m.ptrue) {
    cols.ptrue = Float32Array.from(m.ptrue);
    const total = totalFor(numClasses);
    const q = Array.from({ length: numClasses }, () => (total === 255 ? new Uint8Array(rows) : new Int32Array(rows)));
    const row = new Int32Array(numClasses);
    for (let r = 0; r < rows; r++) {
      quantizeRow(m.probs.subarray(r * numClasses, (r + 1) * numClasses), total, row);
      for (let k = 0; k < numClasses; k++) q[k][r] = row[k];
    }
    q.forEach((c, k) => (cols[`q${k}`] = c));
  }
  return writeColumns(path, rel, cols);
}

/** `k`: folds per repeat (fold ids are 0..k−1). */
export function writeDatasetFile(path: string, rel: string, d: DatasetArrays, { numClasses, k }: { numClasses: number; k: number }): StoredFile {
  const cols: Record<string, Column> = { label: intColumn(d.labels, numClasses - 1) };
  d.folds.forEach((f, r) => (cols[`fold_r${r}`] = intColumn(f, k - 1)));
  return writeColumns(path, rel, cols);
}

function read(path: string): Record<string, Column> {
  try {
    return readColumns(path).columns;
  } catch (e) {
    throw new BaselineFileError(path, `is truncated or not an Arrow IPC file (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** Reads a model file; throws a BaselineFileError (its `problem` completes "models/<id>.arrow …"). */
export function readModelFile(
  path: string,
  { rows, numClasses, hasProbabilities }: { rows: number; numClasses: number; hasProbabilities: boolean },
): ModelPredictions {
  const c = read(path);
  if (!c.pred) throw new BaselineFileError(path, 'has no pred column');
  if (c.pred.length !== rows) throw new BaselineFileError(path, `has ${c.pred.length} rows, expected ${rows} (repeats × examples): truncated?`);
  const pred = Int32Array.from(c.pred);
  const bad = pred.findIndex((v) => v < 0 || v >= numClasses);
  if (bad >= 0) throw new BaselineFileError(path, `row ${bad}: predicted class ${pred[bad]} is outside 0..${numClasses - 1}`);
  if (!hasProbabilities) return { pred, ptrue: null, probs: null };
  const q = Array.from({ length: numClasses }, (_, k) => c[`q${k}`]);
  if (!c.ptrue || q.some((x) => x === undefined))
    throw new BaselineFileError(path, `lacks ptrue or q0..q${numClasses - 1} columns though the manifest says it has probabilities`);
  const total = totalFor(numClasses);
  const probs = new Float64Array(rows * numClasses);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < numClasses; k++) s += q[k][r];
    if (s !== total) throw new BaselineFileError(path, `row ${r}: quantised probabilities sum to ${s}, not ${total}`);
    for (let k = 0; k < numClasses; k++) probs[r * numClasses + k] = q[k][r] / total;
  }
  return { pred, ptrue: Float64Array.from(c.ptrue), probs };
}

export function readDatasetFile(path: string, n: number, repeats: number): DatasetArrays {
  const c = read(path);
  if (!c.label) throw new BaselineFileError(path, 'has no label column');
  if (c.label.length !== n) throw new BaselineFileError(path, `has ${c.label.length} rows, expected ${n}: truncated?`);
  const folds: Int32Array[] = [];
  for (let r = 0; r < repeats; r++) {
    const f = c[`fold_r${r}`];
    if (!f) throw new BaselineFileError(path, `has no fold_r${r} column`);
    folds.push(Int32Array.from(f));
  }
  return { labels: Int32Array.from(c.label), folds };
}

/** Whether each row's prediction is a most probable class (within one quantisation step). */
export function firstPredNotArgmax(m: ModelPredictions, numClasses: number): number {
  if (!m.probs) return -1;
  const step = 1 / totalFor(numClasses) + 1e-12;
  for (let r = 0; r < m.pred.length; r++) {
    const o = r * numClasses;
    let max = 0;
    for (let k = 0; k < numClasses; k++) max = Math.max(max, m.probs[o + k]);
    if (m.probs[o + m.pred[r]] < max - step) return r;
  }
  return -1;
}
