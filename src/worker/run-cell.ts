/**
 * Runs a whole cell inside the worker: load the dataset once, train every fold of every repeat,
 * assemble the out-of-fold predictions, write the Arrow files, measure inference throughput (when
 * the parent grants the throughput slot) and return the outcome.
 */
import { join } from 'node:path';
import { indexedNames, writeColumns, type Column } from '../harness/arrow-file.js';
import type { CellFiles, DatasetInfo, FoldResult, InferenceThroughput } from '../harness/results.js';
import { summarizeFolds } from '../harness/summarize.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { registry } from '../registry/index.js';
import type { LoadedDataset } from '../registry/types.js';
import { assignFolds, foldHash } from '../spec/folds.js';
import type { Cell } from '../spec/types.js';
import { buildModel, foldModelSeed } from './model.js';
import type { WorkerMessage, WorkerOutcome } from './protocol.js';
import { measureInference } from './throughput.js';
import { trainFold } from './train-fold.js';

export interface CellHooks {
  send(message: WorkerMessage): void;
  /** Resolves when the parent lets this cell measure throughput alone; returns how many others were measuring. */
  acquireThroughputSlot(): Promise<number>;
  releaseThroughputSlot(): void;
}

export async function loadCellDataset(cell: Cell): Promise<LoadedDataset> {
  const def = registry.datasets[cell.dataset.type];
  return def.load(cell.dataset.params, { packageRoot: PACKAGE_ROOT, suiteDir: cell.suiteDir, env: process.env });
}

export async function runCell(cell: Cell, cellDir: string, concurrency: number, hooks: CellHooks): Promise<WorkerOutcome> {
  const { folds: k, repeats, stratified, splitSeed, epochs } = cell.protocol;
  hooks.send({ type: 'progress', phase: 'load' });
  const data = await loadCellDataset(cell);
  if (process.env.DIVBENCH_TEST_FAULT?.split(',').some((f) => f.endsWith('=nan') && cell.id.includes(f.split('=')[0]))) data.x.fill(Number.NaN);
  const assignments = Array.from({ length: repeats }, (_, r) => assignFolds(data.y, { k, seed: splitSeed, repeat: r, stratified }));
  const info: DatasetInfo = {
    hash: data.hash, n: data.n, numClasses: data.numClasses, shape: data.shape, kind: data.kind, source: data.source,
    ...(data.classNames ? { classNames: data.classNames } : {}),
    ...(data.test ? { testN: data.test.n } : {}),
    foldHashes: assignments.map(foldHash),
  };
  hooks.send({ type: 'dataset', dataset: info });

  const K = data.numClasses;
  const N = data.n;
  const rows = repeats * N;
  const oof = { repeat: new Int32Array(rows), index: new Int32Array(rows), fold: new Int32Array(rows), label: new Int32Array(rows), pred: new Int32Array(rows), probs: new Float32Array(rows * K) };
  const featureRows: Array<{ repeat: number; fold: number; index: Int32Array; features: Float32Array; d: number }> = [];
  const testRows: Array<{ repeat: number; fold: number; pred: Int32Array; probs: Float32Array }> = [];
  const folds: FoldResult[] = [];

  for (let r = 0; r < repeats; r++) {
    for (let f = 0; f < k; f++) {
      hooks.send({ type: 'progress', phase: 'train', repeat: r, fold: f, folds: k, epoch: 0, epochs });
      const out = await trainFold({
        cell, data, assignment: assignments[r], repeat: r, fold: f,
        onEpoch: (epoch, loss) => hooks.send({ type: 'progress', phase: 'train', repeat: r, fold: f, folds: k, epoch: epoch + 1, epochs, loss }),
      });
      if (out.kind === 'diverged') return { state: 'diverged', diverged: { repeat: r, fold: f, epoch: out.epoch, loss: out.loss } };
      folds.push(out.result);
      hooks.send({ type: 'fold', fold: out.result });
      out.heldOut.forEach((idx, j) => {
        const row = r * N + idx;
        oof.repeat[row] = r; oof.index[row] = idx; oof.fold[row] = f; oof.label[row] = data.y[idx]; oof.pred[row] = out.heldOutPred.pred[j];
        oof.probs.set(out.heldOutPred.probs.subarray(j * K, (j + 1) * K), row * K);
      });
      featureRows.push({ repeat: r, fold: f, index: out.probe, features: out.probeFeatures, d: out.featureSize });
      if (out.test) testRows.push({ repeat: r, fold: f, pred: out.test.pred, probs: out.test.probs });
    }
  }

  const files: CellFiles = {
    predictions: writeColumns(join(cellDir, 'predictions.arrow'), 'predictions.arrow', { repeat: oof.repeat, index: oof.index, fold: oof.fold, label: oof.label, pred: oof.pred, ...splitColumns('p', oof.probs, K) }),
    features: writeFeatures(cellDir, featureRows),
    ...(data.test && testRows.length ? { testPredictions: writeTest(cellDir, testRows, data.test.y, K) } : {}),
  };

  let correct = 0;
  for (let i = 0; i < N; i++) if (oof.pred[i] === oof.label[i]) correct++;

  hooks.send({ type: 'progress', phase: 'throughput' });
  const others = await hooks.acquireThroughputSlot();
  let inference: InferenceThroughput;
  const m = buildModel(cell, data, foldModelSeed(cell.seed, 0, 0));
  try {
    inference = { ...(await measureInference(m.model, data, cell.protocol)), concurrentThroughputPhases: others };
  } finally {
    hooks.releaseThroughputSlot();
    m.model.dispose();
  }
  return { state: 'completed', summary: summarizeFolds(folds, correct / N, inference, concurrency), files };
}

function splitColumns(prefix: string, flat: Float32Array, width: number): Record<string, Float32Array> {
  const n = flat.length / width;
  const names = indexedNames(prefix, width);
  const cols: Record<string, Float32Array> = {};
  names.forEach((name, c) => {
    const col = new Float32Array(n);
    for (let i = 0; i < n; i++) col[i] = flat[i * width + c];
    cols[name] = col;
  });
  return cols;
}

function writeFeatures(cellDir: string, parts: Array<{ repeat: number; fold: number; index: Int32Array; features: Float32Array; d: number }>) {
  const total = parts.reduce((a, p) => a + p.index.length, 0);
  const d = parts[0]?.d ?? 0;
  const repeat = new Int32Array(total), fold = new Int32Array(total), index = new Int32Array(total), feats = new Float32Array(total * d);
  let o = 0;
  for (const p of parts) {
    repeat.fill(p.repeat, o, o + p.index.length); fold.fill(p.fold, o, o + p.index.length); index.set(p.index, o); feats.set(p.features, o * d);
    o += p.index.length;
  }
  const cols: Record<string, Column> = { repeat, fold, index, ...splitColumns('f', feats, d) };
  return writeColumns(join(cellDir, 'features.arrow'), 'features.arrow', cols);
}

function writeTest(cellDir: string, parts: Array<{ repeat: number; fold: number; pred: Int32Array; probs: Float32Array }>, labels: Int32Array, K: number) {
  const n = labels.length;
  const total = parts.length * n;
  const repeat = new Int32Array(total), fold = new Int32Array(total), index = new Int32Array(total), label = new Int32Array(total), pred = new Int32Array(total), probs = new Float32Array(total * K);
  parts.forEach((p, j) => {
    const o = j * n;
    repeat.fill(p.repeat, o, o + n); fold.fill(p.fold, o, o + n);
    for (let i = 0; i < n; i++) { index[o + i] = i; label[o + i] = labels[i]; }
    pred.set(p.pred, o); probs.set(p.probs, o * K);
  });
  return writeColumns(join(cellDir, 'test-predictions.arrow'), 'test-predictions.arrow', { repeat, fold, index, label, pred, ...splitColumns('p', probs, K) });
}
