/**
 * Trains and evaluates one fold: a fresh model and optimizer, seeded initialisation, our own seeded
 * epoch order (never fit's Math.random shuffle), per-batch divergence check, then inference-mode
 * scoring of the training subset, the held-out fold, its probe features and the official test split.
 */
import * as tf from '@tensorflow/tfjs';
import type { LoadedDataset } from '../registry/types.js';
import { probeIndices, splitIndices } from '../spec/folds.js';
import { deriveSeed, mulberry32, permutation, shuffleInPlace } from '../spec/random.js';
import type { Cell } from '../spec/types.js';
import type { FoldResult } from '../store/results.js';
import { medianOf } from './summarize.js';
import { gatherRows, oneHotRows, rowSizeOf } from './batches.js';
import { buildModel, foldModelSeed } from './model.js';
import { predictRows, scorePredictions, type Predictions } from './predict.js';

export interface FoldInput {
  readonly cell: Cell;
  readonly data: LoadedDataset;
  readonly assignment: Int32Array;
  readonly repeat: number;
  readonly fold: number;
  onEpoch(epoch: number, loss: number): void;
}

export type FoldOutcome =
  | {
      readonly kind: 'ok';
      readonly result: FoldResult;
      readonly heldOut: Int32Array;
      readonly heldOutPred: Predictions;
      readonly probe: Int32Array;
      readonly probeFeatures: Float32Array;
      readonly featureSize: number;
      readonly test?: Predictions;
    }
  | { readonly kind: 'diverged'; readonly epoch: number; readonly loss: number | null };

const EVAL_BATCH = 512;

export async function trainFold(input: FoldInput): Promise<FoldOutcome> {
  const { cell, data, repeat, fold } = input;
  const { epochs, batchSize, probeSize, splitSeed } = cell.protocol;
  const { train, heldOut } = splitIndices(input.assignment, fold);
  // Dropout and any other unseeded tfjs randomness draws from Math.random: seed it per fold.
  Math.random = mulberry32(deriveSeed(cell.seed, repeat, fold, 0x4a11));
  const m = buildModel(cell, data, foldModelSeed(cell.seed, repeat, fold));
  try {
    const rowSize = rowSizeOf(data.shape);
    const K = data.numClasses;
    const xBuf = new Float32Array(batchSize * rowSize);
    const yBuf = new Float32Array(batchSize * K);
    const lossCurve: number[] = [];
    const epochTimesMs: number[] = [];
    const started = performance.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const t0 = performance.now();
      const order = permuteIndices(train, deriveSeed(cell.seed, repeat, fold, epoch, 0xe90c));
      let lossSum = 0;
      let seen = 0;
      for (let start = 0; start < order.length; start += batchSize) {
        const end = Math.min(order.length, start + batchSize);
        const [xs, ys] = tf.tidy(() => [
          tf.tensor(gatherRows(data.x, rowSize, order, start, end, xBuf), [end - start, ...data.shape]),
          tf.tensor2d(oneHotRows(data.y, order, start, end, K, yBuf), [end - start, K]),
        ]);
        const loss = (await m.model.trainOnBatch(xs, ys)) as number;
        tf.dispose([xs, ys]);
        if (!Number.isFinite(loss)) return { kind: 'diverged', epoch, loss: Number.isNaN(loss) ? null : loss };
        lossSum += loss * (end - start);
        seen += end - start;
      }
      epochTimesMs.push(performance.now() - t0);
      lossCurve.push(lossSum / seen);
      input.onEpoch(epoch, lossSum / seen);
    }
    const trainTimeMs = performance.now() - started;

    const trainSubset = shuffleInPlace(Int32Array.from(train), mulberry32(deriveSeed(splitSeed, repeat, fold, 0x7a5b))).slice(0, Math.min(train.length, heldOut.length)).sort();
    const trainPred = await predictRows(m, data.x, data.shape, K, trainSubset, EVAL_BATCH);
    const heldOutPred = await predictRows(m, data.x, data.shape, K, heldOut, EVAL_BATCH);
    const probe = probeIndices(heldOut, probeSize, splitSeed, repeat, fold);
    const probePred = await predictRows(m, data.x, data.shape, K, probe, EVAL_BATCH, true);
    let test: Predictions | undefined;
    if (data.test) {
      const all = Int32Array.from({ length: data.test.n }, (_, i) => i);
      test = await predictRows(m, data.test.x, data.shape, K, all, EVAL_BATCH);
    }
    const trainScore = scorePredictions(trainPred, data.y, trainSubset, K);
    const heldOutScore = scorePredictions(heldOutPred, data.y, heldOut, K);
    const testScore = test && data.test ? { ...scorePredictions(test, data.test.y, Int32Array.from({ length: data.test.n }, (_, i) => i), K), n: data.test.n } : undefined;
    const steady = epochTimesMs.length > 1 ? epochTimesMs.slice(1) : epochTimesMs;
    const result: FoldResult = {
      repeat,
      fold,
      trainSize: train.length,
      heldOutSize: heldOut.length,
      epochsRun: epochs,
      lossCurve,
      train: trainScore,
      trainEvaluatedOn: trainSubset.length,
      heldOut: heldOutScore,
      ...(testScore ? { test: testScore } : {}),
      gap: trainScore.accuracy - heldOutScore.accuracy,
      lossGap: heldOutScore.loss - trainScore.loss,
      trainTimeMs,
      epochTimesMs,
      trainSamplesPerSec: steady.length ? train.length / (medianOf(steady)! / 1000) : null,
    };
    return { kind: 'ok', result, heldOut, heldOutPred, probe, probeFeatures: probePred.features!, featureSize: m.featureSize, test };
  } finally {
    m.model.optimizer?.dispose();
    m.model.dispose();
  }
}

function permuteIndices(idx: Int32Array, seed: number): Int32Array {
  const p = permutation(idx.length, mulberry32(seed));
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = idx[p[i]];
  return out;
}
