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
import type { RandomStream } from './streams.js';

export type { DataKind };

/** A resolved component as a suite names it (spec's ComponentSpec, structurally). */
export interface ModelSpec<P = Record<string, unknown>> {
  readonly type: string;
  readonly id: string;
  readonly params: P;
}

/** The parts of the suite's protocol a learner may read (spec's Protocol satisfies it). */
export interface LearnerProtocol {
  readonly epochs: number;
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly memoryLimit?: number;
  readonly folds: number;
  readonly repeats: number;
  /** Seed of the fold assignment (the inner validation split of a recipe derives from it). */
  readonly splitSeed?: number;
}

/**
 * Named random streams (`init`, `dataOrder`, `dropout`, `augmentation`, `sampling`; see
 * spec/streams.ts). Each stream's seed is derived from (cell seed, stream name, the cell's recipe
 * unless the suite shares that stream, repeat, fold), so no two recipes share a stream by
 * accident. Deterministic learners (kNN, naive Bayes) draw none.
 */
export type { RandomStream };

/** Cell-level facts a family may need beyond its training rows (the command family writes files). */
export interface CellData {
  readonly id: string;
  /** A folder of this cell's own (created on first use by the family that needs it). */
  readonly workDir: string;
  /** Every example of the CV pool, row-major — features only, never labels. */
  readonly pool: { readonly x: Float32Array; readonly n: number };
  /** The official test split's examples, when the dataset has one — features only. */
  readonly test?: { readonly x: Float32Array; readonly n: number };
  /** This fold's probe rows (pool indices) whose representation is kept for CKA. */
  readonly probe: Int32Array;
  readonly timeoutMs: number;
  readonly memoryLimitMiB?: number;
  /** Folder of the suite file (an external program runs there; relative paths in params resolve against it). */
  readonly suiteDir: string;
  /** The run folder's shared cache (pretrained backbones), `<run>/backbones`. */
  readonly cacheDir?: string;
}

export interface LearnerContext {
  /** Shape of one example (`[h, w, c]`, `[d]`, `[steps]`). */
  readonly shape: readonly number[];
  readonly kind: DataKind;
  readonly numClasses: number;
  /** Sequence data: size of the token vocabulary. */
  readonly vocabSize?: number;
  readonly repeat: number;
  readonly fold: number;
  /** epochs, batchSize and the rest of the suite's protocol. */
  readonly protocol: LearnerProtocol;
  readonly cell: CellData;
  /** The 32-bit seed of a named stream for this cell, repeat and fold (throws for a stream the family does not declare). */
  seed(stream: RandomStream): number;
  /** TensorFlow.js, loaded by the worker on first use (only the network family calls it). */
  tf(): Promise<Tf>;
  /**
   * Tells the parent about a program the learner started in a process group of its own, so that
   * the parent kills that group whenever it kills the cell (timeout, Ctrl-C, --bail): a worker
   * killed with SIGKILL cannot clean up after itself. `alive: false` once the learner has killed
   * the group itself (so a recycled id is never killed).
   */
  processGroup?(pgid: number, alive: boolean): void;
}

/** A fold's training rows, gathered: `n × prod(shape)` values, row-major, and their labels. */
export interface FitData {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
  /** The pool index of each training row (ascending). */
  readonly indices: Int32Array;
}

/**
 * Which rows a `predict` call is about: `pool` rows by pool index, `test` rows by test index, or a
 * `batch` of rows with no identity (the throughput measurement). Most families ignore it.
 */
export interface PredictRows {
  readonly set: 'pool' | 'test' | 'batch';
  readonly indices?: Int32Array;
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
  /**
   * CPU time of this process per epoch (user + system, `process.cpuUsage`), beside the wall times:
   * throughput per CPU-second does not drop when other processes share the core. In-process
   * iterative families only (an external program's CPU is not this process's).
   */
  readonly epochCpuMs?: number[];
  /** Examples processed per epoch (training throughput = this / epoch time). */
  readonly samplesPerEpoch?: number;
  /** Set when training produced a non-finite loss: the cell is recorded as diverged. */
  readonly diverged?: { readonly epoch: number; readonly loss: number | null };
  /** What the fold's training recipe did (network family: schedule, early stopping, backbone…). */
  readonly recipe?: Readonly<Record<string, unknown>>;
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
  predict(x: Float32Array, n: number, options: { readonly features: boolean; readonly rows?: PredictRows }): Promise<LearnerOutput>;
  /**
   * A family whose predictions are made elsewhere (the command family) reports the inference
   * throughput measured there; the worker then does not time `predict` itself.
   */
  reportedThroughput?(): { readonly samplesPerSec: number; readonly batchSize: number; readonly rme: number; readonly samples: number } | null;
  dispose(): void | Promise<void>;
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
  /**
   * True when every learner calls `ctx.tf()`: the worker sets up the TensorFlow.js backend before
   * the cell starts. Otherwise it is set up on a learner's first `ctx.tf()` call, if any (a forest
   * or an external command never loads tfjs).
   */
  readonly usesTf?: boolean;
  /**
   * The model's attribution factors besides `family`, `seed` and `stream:*` (e.g. architecture
   * and optimizer). Default: `{ model: <model id> }`.
   */
  factors?(spec: ModelSpec<P>): Record<string, string>;
  /** Data kinds the params accept beyond `accepts` (e.g. a network's architecture needs images). */
  acceptsFor?(params: P): ReadonlyArray<DataKind>;
  create(params: P, ctx: LearnerContext): Learner | Promise<Learner>;
}
