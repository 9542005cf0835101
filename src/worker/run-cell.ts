/**
 * Runs a whole cell inside the worker: load the dataset once, run the fold protocol (train-fold.ts)
 * for every fold of every repeat with a fresh learner of the cell's model family, assemble the
 * out-of-fold predictions, write the Arrow files, measure inference throughput on the last fold's
 * learner (when the parent grants the throughput slot) and return the outcome.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';
import { registry } from '../registry/index.js';
import type { Learner, LearnerContext, ModelDefinition, RandomStream } from '../registry/models/types.js';
import type { LoadedDataset, Tf } from '../registry/types.js';
import { assignFolds, foldHash } from '../spec/folds.js';
import { foldStreamSeed } from '../spec/streams.js';
import type { Cell } from '../spec/types.js';
import { writeFeatures, writePredictions, writeTestPredictions, type FeatureBlock, type TestBlock } from '../store/predictions-file.js';
import type { CellFiles, DatasetInfo, FoldResult, InferenceThroughput } from '../store/results.js';
import type { WorkerMessage, WorkerOutcome } from './protocol.js';
import { summarizeFolds } from './summarize.js';
import { measureInference } from './throughput.js';
import { trainFold } from './train-fold.js';

export interface CellHooks {
  send(message: WorkerMessage): void;
  /** Resolves when the parent lets this cell measure throughput alone; returns how many others were measuring. */
  acquireThroughputSlot(): Promise<number>;
  releaseThroughputSlot(): void;
  /** TensorFlow.js with its backend set up (on first call): only families with `usesTf` call it. */
  tf(): Promise<Tf>;
}

async function loadCellDataset(cell: Cell): Promise<LoadedDataset> {
  const def = registry.datasets[cell.dataset.type];
  return def.load(cell.dataset.params, { packageRoot: PACKAGE_ROOT, suiteDir: cell.suiteDir, env: process.env });
}

export function modelDefinition(cell: Cell): ModelDefinition {
  const def = registry.models[cell.model.type];
  if (!def) throw new Error(`unknown model family '${cell.model.type}' (known: ${Object.keys(registry.models).join(', ')})`);
  return def;
}

/** Which fold of which cell a learner is created for. */
export interface LearnerContextInput {
  readonly cell: Cell;
  readonly cellDir: string;
  readonly data: LoadedDataset;
  readonly def: ModelDefinition;
  readonly hooks: CellHooks;
  readonly repeat: number;
  readonly fold: number;
  /** Held-out rows whose representation is kept for CKA. */
  readonly probe: Int32Array;
}

export function learnerContext({ cell, cellDir, data, def, hooks, repeat, fold, probe }: LearnerContextInput): LearnerContext {
  return {
    shape: data.shape,
    kind: data.kind,
    numClasses: data.numClasses,
    ...(data.vocabSize !== undefined ? { vocabSize: data.vocabSize } : {}),
    repeat,
    fold,
    protocol: cell.protocol,
    cell: {
      id: cell.id,
      workDir: join(cellDir, 'work'),
      pool: { x: data.x, n: data.n },
      cacheDir: join(cellDir, '..', '..', 'backbones'),
      ...(data.test ? { test: { x: data.test.x, n: data.test.n } } : {}),
      probe,
      timeoutMs: cell.protocol.timeoutMs,
      suiteDir: cell.suiteDir,
      ...(cell.protocol.memoryLimit ? { memoryLimitMiB: cell.protocol.memoryLimit } : {}),
    },
    seed(stream: RandomStream): number {
      const s = cell.streams[stream];
      if (!s)
        throw new Error(
          `model family '${def.family}' drew from the '${stream}' stream but declares only [${def.streams.join(', ')}]; add it to the family's streams`,
        );
      return foldStreamSeed(s.seed, repeat, fold);
    },
    tf: () => hooks.tf(),
    processGroup: (pgid: number, alive: boolean) => hooks.send({ type: 'process-group', pgid, alive }),
  };
}

export async function runCell(cell: Cell, cellDir: string, concurrency: number, hooks: CellHooks): Promise<WorkerOutcome> {
  const { folds: k, repeats, stratified, splitSeed, epochs } = cell.protocol;
  const def = modelDefinition(cell);
  hooks.send({ type: 'progress', phase: 'load' });
  const data = await loadCellDataset(cell);
  const assignments = Array.from({ length: repeats }, (_, r) => assignFolds(data.y, { k, seed: splitSeed, repeat: r, stratified }));
  const info: DatasetInfo = {
    hash: data.hash,
    n: data.n,
    numClasses: data.numClasses,
    shape: data.shape,
    kind: data.kind,
    source: data.source,
    ...(data.classNames ? { classNames: data.classNames } : {}),
    ...(data.vocabSize !== undefined ? { vocabSize: data.vocabSize } : {}),
    ...(data.test ? { testN: data.test.n } : {}),
    foldHashes: assignments.map(foldHash),
  };
  hooks.send({ type: 'dataset', dataset: info });
  const K = data.numClasses;
  const N = data.n;
  const rows = repeats * N;
  const oof = {
    repeat: new Int32Array(rows),
    index: new Int32Array(rows),
    fold: new Int32Array(rows),
    label: new Int32Array(rows),
    pred: new Int32Array(rows),
    probs: new Float32Array(rows * K),
  };
  const featureRows: FeatureBlock[] = [];
  const testRows: TestBlock[] = [];
  const folds: FoldResult[] = [];
  let last: Learner | undefined;
  try {
    for (let r = 0; r < repeats; r++) {
      for (let f = 0; f < k; f++) {
        hooks.send({ type: 'progress', phase: 'train', repeat: r, fold: f, folds: k, epoch: 0, epochs });
        const out = await trainFold({
          cell,
          data,
          def,
          assignment: assignments[r],
          repeat: r,
          fold: f,
          context: (probe) => learnerContext({ cell, cellDir, data, def, hooks, repeat: r, fold: f, probe }),
          onProgress: (done, total, loss) =>
            hooks.send({ type: 'progress', phase: 'train', repeat: r, fold: f, folds: k, epoch: done, epochs: total, ...(loss !== undefined ? { loss } : {}) }),
        });
        if (out.kind === 'diverged') return { state: 'diverged', diverged: { repeat: r, fold: f, epoch: out.epoch, loss: out.loss, reason: out.reason } };
        await last?.dispose();
        last = out.learner;
        folds.push(out.result);
        hooks.send({ type: 'fold', fold: out.result });
        out.heldOut.forEach((idx, j) => {
          const row = r * N + idx;
          oof.repeat[row] = r;
          oof.index[row] = idx;
          oof.fold[row] = f;
          oof.label[row] = data.y[idx];
          oof.pred[row] = out.heldOutPred.pred[j];
          oof.probs.set(out.heldOutPred.probs.subarray(j * K, (j + 1) * K), row * K);
        });
        if (out.probeFeatures) featureRows.push({ repeat: r, fold: f, index: out.probe, features: out.probeFeatures, d: out.featureSize });
        if (out.test) testRows.push({ repeat: r, fold: f, pred: out.test.pred, probs: out.test.probs });
      }
    }
    const files: CellFiles = {
      predictions: writePredictions(cellDir, oof, K),
      ...(featureRows.length === repeats * k ? { features: writeFeatures(cellDir, featureRows) } : {}),
      ...(data.test && testRows.length ? { testPredictions: writeTestPredictions(cellDir, testRows, data.test.y, K) } : {}),
    };
    let correct = 0;
    for (let i = 0; i < N; i++) if (oof.pred[i] === oof.label[i]) correct++;
    hooks.send({ type: 'progress', phase: 'throughput' });
    const others = await hooks.acquireThroughputSlot();
    let inference: InferenceThroughput;
    try {
      inference = { ...(await measureInference(last!, data, cell.protocol)), concurrentThroughputPhases: others };
    } finally {
      hooks.releaseThroughputSlot();
    }
    // A family's scratch files (the command family's data and fold requests) are kept only on failure or when asked.
    if (!process.env.DIVBENCH_KEEP_WORK) rmSync(join(cellDir, 'work'), { recursive: true, force: true });
    return { state: 'completed', summary: summarizeFolds(folds, correct / N, inference, concurrency), files };
  } finally {
    await last?.dispose();
  }
}
