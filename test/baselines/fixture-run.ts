/**
 * A small synthetic run folder of the smoke suite's `blobs` dataset, written without training:
 * real labels and folds, seeded predictions of a chosen accuracy per cell, result.json numbers
 * consistent with them. Fast enough for every test to make its own.
 */
import { join, resolve } from 'node:path';
import { writeColumns } from '../../src/store/arrow-file.js';
import { writeJsonAtomic } from '../../src/store/atomic-write.js';
import { mulberry32 } from '../../src/analysis/bootstrap.js';
import { loadSuite } from '../../src/spec/load-suite.js';
import { assignFolds, foldHash } from '../../src/spec/folds.js';
import { loadDatasetTruth } from '../../src/baselines/dataset-check.js';
import { expandMatrix } from '../../src/spec/expand-matrix.js';

export const SMOKE = resolve(import.meta.dirname, '../../suites/smoke.yaml');

export interface FixtureCell {
  architecture: 'linear' | 'mlp';
  optimizer: 'sgd' | 'adam';
  seed: 1 | 2;
  accuracy: number;
}

export const DEFAULT_CELLS: FixtureCell[] = [
  { architecture: 'linear', optimizer: 'sgd', seed: 1, accuracy: 0.9 },
  { architecture: 'linear', optimizer: 'adam', seed: 1, accuracy: 0.8 },
  { architecture: 'mlp', optimizer: 'sgd', seed: 1, accuracy: 0.92 },
  { architecture: 'mlp', optimizer: 'adam', seed: 1, accuracy: 0.85 },
];

export async function makeFixtureRun(
  dir: string,
  cells: FixtureCell[] = DEFAULT_CELLS,
  options: { noise?: number; fingerprint?: string } = {},
): Promise<string> {
  const suite = loadSuite(SMOKE);
  const ds = suite.datasets.find((d) => d.id === 'blobs')!;
  const truth = await loadDatasetTruth(ds.type, ds.params, suite.file);
  const y = truth.labels;
  const N = y.length;
  const K = truth.numClasses;
  const p = suite.protocol;
  const fold = assignFolds(y, { k: p.folds, seed: p.splitSeed, repeat: 0, stratified: p.stratified });
  writeJsonAtomic(join(dir, 'suite.json'), suite);
  writeJsonAtomic(join(dir, 'env.json'), {
    divbench: '0.1.0',
    node: 'v20',
    platform: 'Linux',
    arch: 'x64',
    cpu: { model: 'fixture cpu', cores: 2 },
    memoryGiB: 1,
    packages: { '@tensorflow/tfjs': '4.22.0' },
    gitCommit: null,
    gitDirty: null,
    hardwareFingerprint: options.fingerprint ?? 'fixturefp',
  });
  writeJsonAtomic(join(dir, 'run.json'), { suite: 'smoke', finishedAt: '2026-01-01T00:00:00.000Z' });
  cells.forEach((c, ci) => {
    const arch = suite.architectures.find((a) => a.id === c.architecture)!;
    const opt = suite.optimizers.find((o) => o.id === c.optimizer)!;
    const id = `blobs.${arch.id}.${opt.id}.s${c.seed}`;
    const rng = mulberry32(1000 + ci + (options.noise ?? 0) * 7919);
    const pred = new Int32Array(N);
    const probs = new Float32Array(N * K);
    for (let x = 0; x < N; x++) {
      const right = rng() < c.accuracy;
      pred[x] = right ? y[x] : (y[x] + 1 + Math.floor(rng() * (K - 1))) % K;
      const top = 0.5 + 0.4 * rng();
      for (let k = 0; k < K; k++) probs[x * K + k] = k === pred[x] ? top : (1 - top) / (K - 1);
    }
    const folds = Array.from({ length: p.folds }, (_, f) => {
      let n = 0,
        correct = 0,
        loss = 0;
      for (let x = 0; x < N; x++) {
        if (fold[x] !== f) continue;
        n++;
        if (pred[x] === y[x]) correct++;
        loss -= Math.log(Math.max(probs[x * K + y[x]], 1e-7));
      }
      const heldOut = { accuracy: correct / n, loss: loss / n };
      const train = { accuracy: Math.min(1, heldOut.accuracy + 0.02), loss: heldOut.loss * 0.9 };
      return {
        repeat: 0,
        fold: f,
        trainSize: N - n,
        heldOutSize: n,
        epochsRun: 5,
        lossCurve: [1, 0.5],
        train,
        trainEvaluatedOn: n,
        heldOut,
        gap: train.accuracy - heldOut.accuracy,
        lossGap: heldOut.loss - train.loss,
        trainTimeMs: 10,
        epochTimesMs: [5, 5],
        trainSamplesPerSec: 1000 + ci,
      };
    });
    const cellDir = join(dir, 'cells', id);
    const cols: Record<string, Int32Array | Float32Array> = {
      repeat: new Int32Array(N),
      index: Int32Array.from({ length: N }, (_, i) => i),
      fold: Int32Array.from(fold),
      label: Int32Array.from(y),
      pred,
    };
    for (let k = 0; k < K; k++) cols[`p${k}`] = Float32Array.from({ length: N }, (_, x) => probs[x * K + k]);
    const file = writeColumns(join(cellDir, 'predictions.arrow'), 'predictions.arrow', cols);
    const est = (v: number) => ({ mean: v, sd: 0, ci95: null, n: 3 });
    writeJsonAtomic(join(cellDir, 'result.json'), {
      schemaVersion: 2,
      cellId: id,
      key: 'sha256:fixture',
      state: 'completed',
      cell: { ...expandMatrix(suite).find((x) => x.id === id)!, dataset: ds, suiteDir: resolve(SMOKE, '..') },
      factors: expandMatrix(suite).find((x) => x.id === id)!.factors,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      durationMs: 1000,
      folds,
      backend: { requested: 'cpu', name: 'cpu', tfjsVersion: '4.22.0', fallbackKernels: [], tried: [] },
      dataset: { hash: truth.hash, n: N, numClasses: K, shape: truth.shape, kind: 'tabular', source: 'fixture', foldHashes: [foldHash(fold)] },
      summary: {
        heldOutAccuracy: est(folds.reduce((a, f) => a + f.heldOut.accuracy, 0) / 3),
        trainAccuracy: est(0),
        gap: est(0),
        lossGap: est(0),
        heldOutLoss: est(0),
        oofAccuracy: 0,
        trainSamplesPerSec: 1000 + ci,
        trainConcurrency: 1,
        inference: { samplesPerSec: 5000, batchSize: 128, rme: 1, samples: 10, concurrentThroughputPhases: 0 },
      },
      files: { predictions: file },
    });
  });
  return dir;
}
