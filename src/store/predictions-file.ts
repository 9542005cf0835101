/**
 * Reads what submit and compare need from a run folder: the resolved suite, the environment,
 * every cell's result and its out-of-fold predictions laid out as baseline arrays (repeat-major,
 * in example order) with the labels and fold ids they were scored against.
 */
import { join } from 'node:path';
import { PredictionsError } from '../errors.js';
import { readColumns } from '../harness/arrow-file.js';
import type { CompletedResult } from '../harness/results.js';
import type { DatasetArrays, ModelPredictions } from './encoding.js';

export { readRunFolder, type RunFolder } from '../harness/run-dir.js';

export interface CellPredictions extends DatasetArrays {
  readonly model: ModelPredictions;
}

/** A completed cell's predictions.arrow as arrays (every repeat, every example). */
export function readCellPredictions(dir: string, r: CompletedResult, repeats: number): CellPredictions {
  const where = join('cells', r.cellId, 'predictions.arrow');
  let c;
  try {
    c = readColumns(join(dir, where)).columns;
  } catch (e) {
    throw new PredictionsError(`${join(dir, where)}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
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
