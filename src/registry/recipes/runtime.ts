/**
 * A cell's recipe, applied inside the network family's training loop (registry/models/network-
 * train.ts) through its hooks. Everything here is per fold: a fresh runtime for each learner.
 *
 * - schedule: the optimizer's rate is `base × factor(t)` before every batch (t = fractional epoch);
 * - regularisation: label smoothing on each batch's targets, weight decay after each step (the
 *   dropout layer is added by the network builder);
 * - augmentation: each training batch's rows, drawn from the `augmentation` stream;
 * - reduce-on-plateau and early stopping: an inner validation split carved from the training fold
 *   (stratified, seeded by the suite's split seed, repeat and fold), scored after every epoch;
 *   early stopping restores the best epoch's weights.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { mulberry32 } from '../../spec/random.js';
import type { FitData } from '../models/types.js';
import type { Tf } from '../types.js';
import { augmentBatch, augmentationOf, isIdentity, NO_AUGMENTATION, type AugmentationSpec } from './augmentation.js';
import { EarlyStopper, type EarlyStoppingSpec } from './early-stopping.js';
import { innerSplit } from './inner-split.js';
import { NO_REGULARIZATION, regularizationOf, smoothLabels, type RegularizationSpec } from './regularization.js';
import { createScheduler, type ScheduleSpec, type Scheduler } from './schedules.js';

/** A resolved component as the suite loader passes it (spec/types.ts RecipeComponent; not imported: registry/ does not depend on spec/). */
export interface RecipeComponent {
  readonly type: string;
  readonly id: string;
  readonly params: Record<string, unknown>;
}

/** The recipe parts of a network's params (each absent when the suite does not declare its axis). */
export interface RecipeParams {
  readonly schedule?: RecipeComponent;
  readonly regularization?: RecipeComponent;
  readonly augmentation?: RecipeComponent;
  readonly earlyStopping?: RecipeComponent;
}

export interface RecipeContext {
  readonly shape: readonly number[];
  readonly numClasses: number;
  readonly epochs: number;
  readonly splitSeed: number;
  readonly repeat: number;
  readonly fold: number;
  /** Seed of the fold's `augmentation` stream (only read when the recipe augments). */
  augmentationSeed(): number;
}

/** What a fold's recipe did, for result.json. */
export interface RecipeRecord {
  validationSize?: number;
  validationLoss?: number[];
  validationAccuracy?: number[];
  /** Early stopping: the best epoch (0-based) and whether its weights were restored. */
  bestEpoch?: number;
  restoredBest?: boolean;
  stoppedEarly?: boolean;
  /** The learning rate in effect at the start of each epoch. */
  learningRates?: number[];
  /** Reduce-on-plateau: epochs after which the rate was cut. */
  rateCuts?: number[];
}

export function regularizationSpec(p: RecipeParams): RegularizationSpec {
  return p.regularization ? regularizationOf(p.regularization.type, p.regularization.params) : NO_REGULARIZATION;
}

function augmentationSpec(p: RecipeParams): AugmentationSpec {
  return p.augmentation ? augmentationOf(p.augmentation.type, p.augmentation.params) : NO_AUGMENTATION;
}

function scheduleSpec(p: RecipeParams): ScheduleSpec {
  return (p.schedule ? { type: p.schedule.type, ...p.schedule.params } : { type: 'constant' }) as ScheduleSpec;
}

function earlyStoppingSpec(p: RecipeParams): EarlyStoppingSpec {
  return (p.earlyStopping ? { type: p.earlyStopping.type, ...p.earlyStopping.params } : { type: 'none' }) as EarlyStoppingSpec;
}

type Optimizer = tfjs.Optimizer & { learningRate?: number; setLearningRate?: (lr: number) => void };

function setRate(opt: Optimizer, lr: number): void {
  if (typeof opt.setLearningRate === 'function') opt.setLearningRate(lr);
  else opt.learningRate = lr;
}

const EVAL_BATCH = 512;

export class RecipeRuntime {
  readonly record: RecipeRecord = {};
  private readonly scheduler: Scheduler;
  private readonly regularization: RegularizationSpec;
  private readonly augmentation: AugmentationSpec;
  private readonly stopper?: EarlyStopper;
  private readonly restoreBest: boolean;
  private readonly validationFraction?: number;
  private rng?: () => number;
  private base?: number;
  private lr = 0;
  private validation?: FitData;
  private best?: tfjs.Tensor[];

  constructor(
    private readonly tf: Tf,
    params: RecipeParams,
    private readonly ctx: RecipeContext,
  ) {
    const schedule = scheduleSpec(params);
    this.scheduler = createScheduler(schedule, ctx.epochs);
    this.regularization = regularizationSpec(params);
    this.augmentation = augmentationSpec(params);
    const stop = earlyStoppingSpec(params);
    if (stop.type === 'patience') this.stopper = new EarlyStopper(stop);
    this.restoreBest = stop.type === 'patience' && stop.restoreBest;
    const fractions = [
      schedule.type === 'plateau' ? schedule.validationFraction : undefined,
      stop.type === 'patience' ? stop.validationFraction : undefined,
    ].filter((f): f is number => f !== undefined);
    // One inner split serves both (the larger share asked for).
    this.validationFraction = fractions.length ? Math.max(...fractions) : undefined;
    if (schedule.type !== 'constant') this.record.learningRates = [];
  }

  /** Whether the loop needs to call `afterEpoch` with a validation score. */
  get usesValidation(): boolean {
    return this.validationFraction !== undefined;
  }

  /** The rows to fit on: the training fold minus the inner validation split, when one is needed. */
  prepare(train: FitData): FitData {
    if (this.validationFraction === undefined) return train;
    const rowSize = this.ctx.shape.reduce((a, b) => a * b, 1);
    const positions = Int32Array.from({ length: train.n }, (_, i) => i);
    const { fit, validation } = innerSplit(positions, train.y, {
      fraction: this.validationFraction,
      splitSeed: this.ctx.splitSeed,
      repeat: this.ctx.repeat,
      fold: this.ctx.fold,
    });
    const take = (rows: Int32Array): FitData => {
      const x = new Float32Array(rows.length * rowSize);
      rows.forEach((r, i) => x.set(train.x.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize));
      return { x, y: Int32Array.from(rows, (r) => train.y[r]), n: rows.length, indices: Int32Array.from(rows, (r) => train.indices[r]) };
    };
    this.validation = take(validation);
    this.record.validationSize = validation.length;
    this.record.validationLoss = [];
    this.record.validationAccuracy = [];
    return take(fit);
  }

  /** Before every batch: the scheduled learning rate. */
  beforeBatch(model: tfjs.LayersModel, epoch: number, batch: number, batches: number): void {
    const opt = model.optimizer as Optimizer;
    this.base ??= opt.learningRate ?? 0;
    this.lr = this.base * this.scheduler.factor(epoch + batch / Math.max(batches, 1));
    if (batch === 0) this.record.learningRates?.push(this.lr);
    setRate(opt, this.lr);
  }

  /** A training batch's rows (augmentation, in place). */
  transformBatch(x: Float32Array, n: number): Float32Array {
    if (isIdentity(this.augmentation)) return x;
    this.rng ??= mulberry32(this.ctx.augmentationSeed());
    augmentBatch({ x, n, shape: this.ctx.shape }, this.augmentation, this.rng);
    return x;
  }

  /** A training batch's one-hot targets (label smoothing, in place). */
  transformLabels(y: Float32Array): Float32Array {
    return smoothLabels(y, this.ctx.numClasses, this.regularization.labelSmoothing);
  }

  /** After every optimizer step: decoupled weight decay on weights of rank ≥ 2. */
  afterBatch(model: tfjs.LayersModel): void {
    const wd = this.regularization.weightDecay;
    if (wd === 0 || this.lr === 0) return;
    const keep = 1 - this.lr * wd;
    const tf = this.tf;
    tf.tidy(() => {
      for (const w of model.trainableWeights) if (w.shape.length >= 2) w.write(tf.mul(w.read(), keep));
    });
  }

  /** After every epoch: plateau and early stopping look at the inner validation split; `true` stops. */
  async afterEpoch(model: tfjs.LayersModel, epoch: number): Promise<boolean> {
    if (!this.validation) return false;
    const { loss, accuracy } = await this.evaluate(model, this.validation);
    this.record.validationLoss!.push(loss);
    this.record.validationAccuracy!.push(accuracy);
    this.scheduler.observe(epoch, loss);
    if (this.scheduler.cuts.length) this.record.rateCuts = [...this.scheduler.cuts];
    if (!this.stopper) return false;
    const d = this.stopper.observe(epoch, { loss, accuracy });
    if (d.improved && this.restoreBest) {
      this.tf.dispose(this.best ?? []);
      this.best = model.getWeights().map((w) => w.clone());
    }
    this.record.bestEpoch = this.stopper.bestEpoch;
    if (d.stop) this.record.stoppedEarly = true;
    return d.stop;
  }

  /** After training: restore the best epoch's weights (early stopping). */
  finish(model: tfjs.LayersModel, epochsRun: number): void {
    if (this.stopper) this.record.stoppedEarly ??= false;
    if (this.best && this.stopper && this.stopper.bestEpoch < epochsRun - 1) {
      model.setWeights(this.best);
      this.record.restoredBest = true;
    } else if (this.stopper && this.restoreBest) this.record.restoredBest = false;
    this.tf.dispose(this.best ?? []);
    this.best = undefined;
  }

  private async evaluate(model: tfjs.LayersModel, data: FitData): Promise<{ loss: number; accuracy: number }> {
    const tf = this.tf;
    const K = this.ctx.numClasses;
    const rowSize = this.ctx.shape.reduce((a, b) => a * b, 1);
    let loss = 0;
    let correct = 0;
    for (let start = 0; start < data.n; start += EVAL_BATCH) {
      const end = Math.min(data.n, start + EVAL_BATCH);
      const out = tf.tidy(() => model.predict(tf.tensor(data.x.subarray(start * rowSize, end * rowSize), [end - start, ...this.ctx.shape])) as tfjs.Tensor);
      const p = (await out.data()) as Float32Array;
      out.dispose();
      for (let i = 0; i < end - start; i++) {
        const label = data.y[start + i];
        let arg = 0;
        for (let c = 1; c < K; c++) if (p[i * K + c] > p[i * K + arg]) arg = c;
        if (arg === label) correct++;
        loss -= Math.log(Math.max(p[i * K + label], 1e-7));
      }
    }
    return { loss: loss / Math.max(data.n, 1), accuracy: correct / Math.max(data.n, 1) };
  }
}
