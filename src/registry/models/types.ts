/**
 * The learner seam (like scikit-learn's estimators, benchopt's solvers). A model definition
 * describes its params without loading anything heavy; inside the worker it creates a fresh
 * learner per fold. The worker owns the fold protocol (split, scoring, timing, files): a learner
 * sees only its training rows and their labels, never held-out labels.
 *
 * Families: `network` (tfjs: architecture × optimizer × recipe), `forest`, `boosting`, `knn`,
 * `naive-bayes`, `command` (an external program). One file each in this folder.
 */
import type { ComponentDefinition, DataKind, Tf } from '../types.js';

export type { DataKind };


/**
 * Named random streams. Each stream's seed is derived from (cell seed, stream name, the cell's
 * recipe unless the suite shares that stream, repeat, fold), so no two recipes share a stream by
 * accident. Deterministic learners (kNN, naive Bayes) draw none.
 */
export type RandomStream = 'init' | 'dataOrder' | 'dropout' | 'augmentation' | 'sampling';

export interface LearnerContext {
  /** Shape of one example (`[h, w, c]`, `[d]`, `[steps]`). */
  readonly shape: readonly number[];
  readonly kind: DataKind;
  readonly numClasses: number;
  readonly repeat: number;
  readonly fold: number;
  /** The 32-bit seed of a named stream for this cell, repeat and fold. */
  seed(stream: RandomStream): number;
  /** TensorFlow.js, loaded by the worker on first use (only the network family calls it). */
  tf(): Promise<Tf>;
}

/** A fold's training rows, gathered: `n × prod(shape)` values, row-major, and their labels. */
export interface FitData {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
}

export interface FitHooks {
  /** Called after each epoch/iteration/tree batch the learner reports (progress, ETA). */
  onProgress?(done: number, total: number, loss?: number): void;
}

/** What fitting measured. Iterative families fill the curve fields; others leave them out. */
export interface FitReport {
  readonly epochsRun?: number;
  readonly lossCurve?: number[];
  readonly epochTimesMs?: number[];
  /** Examples processed per epoch (training throughput = this / epoch time). */
  readonly samplesPerEpoch?: number;
  /** Set when training produced a non-finite loss: the cell is recorded as diverged. */
  readonly diverged?: { readonly epoch: number; readonly loss: number | null };
}

export interface LearnerOutput {
  /** `n × numClasses` probabilities (each row sums to 1). */
  readonly probs: Float32Array;
  /** `n × featureSize` representation for CKA, when asked and the family has one. */
  readonly features?: Float32Array;
  readonly featureSize?: number;
}

export interface Learner {
  fit(train: FitData, hooks: FitHooks): Promise<FitReport>;
  predict(x: Float32Array, n: number, options: { readonly features: boolean }): Promise<LearnerOutput>;
  dispose(): void;
}

export interface ModelDefinition<P = any> extends ComponentDefinition<P> {
  readonly family: string;
  /** Data kinds the learner accepts (validation rejects other pairings before any cell runs). */
  readonly accepts: ReadonlyArray<DataKind>;
  /**
   * What the learner's representation for CKA is (e.g. "penultimate layer", "leaf-membership
   * embedding"), or null with `noRepresentationReason` shown in the report.
   */
  readonly representation: string | null;
  readonly noRepresentationReason?: string;
  /** The random streams this family draws (recorded per cell). */
  readonly streams: ReadonlyArray<RandomStream>;
  create(params: P, ctx: LearnerContext): Learner | Promise<Learner>;
}
