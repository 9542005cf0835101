/**
 * The network family's training loop: epochs of seeded minibatches through `trainOnBatch`, with a
 * per-batch divergence check. Recipe axes plug in through `NetworkRecipeHooks` — a learning-rate
 * schedule sets the rate before each epoch, augmentation rewrites a batch's rows before they become
 * a tensor, early stopping looks at each epoch's loss and ends training — so the loop itself stays
 * the same for every recipe.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { deriveSeed, mulberry32, permutation } from '../../spec/random.js';
import type { Tf } from '../types.js';
import type { FitData, FitHooks, FitReport } from './types.js';

export interface EpochInfo {
  readonly epoch: number;
  readonly epochs: number;
}

export interface BatchInfo extends EpochInfo {
  readonly batch: number;
  readonly batches: number;
}

export interface NetworkRecipeHooks {
  /** Once, before training: the rows to fit on (early stopping and plateau hold out an inner validation split). */
  prepare?(train: FitData): FitData;
  /** Before each epoch (a learning-rate schedule sets `optimizer.learningRate` here). */
  beforeEpoch?(info: EpochInfo, model: tfjs.LayersModel): void;
  /** Before each batch (a per-batch schedule: cosine warm-up). */
  beforeBatch?(info: BatchInfo, model: tfjs.LayersModel): void;
  /** A batch's one-hot targets (`n × K`, scratch) before they become a tensor (label smoothing). */
  transformLabels?(y: Float32Array, n: number, info: EpochInfo): Float32Array;
  /** After each optimizer step (weight decay). */
  afterBatch?(info: BatchInfo, model: tfjs.LayersModel): void;
  /** After the last epoch run, diverged or not (early stopping restores its best weights). */
  finish?(model: tfjs.LayersModel, epochsRun: number): void;
  /**
   * A batch's rows (`n × rowSize`, a scratch buffer the hook may overwrite) before they become a
   * tensor; returns the rows to train on (augmentation draws from the `augmentation` stream).
   */
  transformBatch?(x: Float32Array, n: number, info: EpochInfo): Float32Array;
  /** After each epoch with its mean training loss; `true` stops training (early stopping). */
  afterEpoch?(info: EpochInfo & { readonly loss: number }, model: tfjs.LayersModel): boolean | Promise<boolean>;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly shape: readonly number[];
  readonly numClasses: number;
  /** Seed of the fold's `dataOrder` stream; epoch e's order is a permutation seeded by (seed, e). */
  readonly dataOrderSeed: number;
  /** Recipe hooks (schedule, augmentation, early stopping), called in order. */
  readonly recipes?: readonly NetworkRecipeHooks[];
  /** The fold protocol's progress callback. */
  readonly hooks?: FitHooks;
}

export async function trainNetwork(tf: Tf, model: tfjs.LayersModel, train: FitData, options: TrainOptions): Promise<FitReport> {
  const { epochs, batchSize, shape, numClasses: K, recipes = [], hooks = {} } = options;
  for (const r of recipes) if (r.prepare) train = r.prepare(train);
  const batches = Math.ceil(train.n / batchSize);
  const rowSize = shape.reduce((a, b) => a * b, 1);
  const xBuf = new Float32Array(batchSize * rowSize);
  const yBuf = new Float32Array(batchSize * K);
  const lossCurve: number[] = [];
  const epochTimesMs: number[] = [];
  const epochCpuMs: number[] = [];
  let epochsRun = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const info = { epoch, epochs };
    for (const r of recipes) r.beforeEpoch?.(info, model);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const order = permutation(train.n, mulberry32(deriveSeed(options.dataOrderSeed, epoch)));
    let lossSum = 0;
    for (let start = 0; start < train.n; start += batchSize) {
      const n = Math.min(train.n, start + batchSize) - start;
      let xb: Float32Array = xBuf.subarray(0, n * rowSize);
      const yb = yBuf.subarray(0, n * K);
      yb.fill(0);
      for (let r = 0; r < n; r++) {
        const row = order[start + r];
        xb.set(train.x.subarray(row * rowSize, (row + 1) * rowSize), r * rowSize);
        yb[r * K + train.y[row]] = 1;
      }
      const binfo = { ...info, batch: start / batchSize, batches };
      for (const h of recipes) h.beforeBatch?.(binfo, model);
      for (const h of recipes) if (h.transformBatch) xb = h.transformBatch(xb, n, info);
      let ybT: Float32Array = yb;
      for (const h of recipes) if (h.transformLabels) ybT = h.transformLabels(ybT, n, info);
      const xs = tf.tensor(xb as Float32Array<ArrayBuffer>, [n, ...shape]);
      const ys = tf.tensor2d(ybT, [n, K]);
      const loss = (await model.trainOnBatch(xs, ys)) as number;
      tf.dispose([xs, ys]);
      for (const h of recipes) h.afterBatch?.(binfo, model);
      if (!Number.isFinite(loss)) {
        for (const r of recipes) r.finish?.(model, epochsRun);
        return { epochsRun, lossCurve, epochTimesMs, epochCpuMs, samplesPerEpoch: train.n, diverged: { epoch, loss: Number.isNaN(loss) ? null : loss } };
      }
      lossSum += loss * n;
    }
    epochTimesMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    epochCpuMs.push((c.user + c.system) / 1000);
    const mean = lossSum / Math.max(train.n, 1);
    lossCurve.push(mean);
    epochsRun = epoch + 1;
    hooks.onProgress?.(epochsRun, epochs, mean);
    let stop = false;
    for (const r of recipes) if (r.afterEpoch && (await r.afterEpoch({ ...info, loss: mean }, model))) stop = true;
    if (stop) break;
  }
  for (const r of recipes) r.finish?.(model, epochsRun);
  return { epochsRun, lossCurve, epochTimesMs, epochCpuMs, samplesPerEpoch: train.n };
}
