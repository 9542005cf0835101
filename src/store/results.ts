/**
 * What a cell run produces (JSON-safe, written to `cells/<id>/result.json`). A union on `state`:
 * only `completed` carries a summary; every failure keeps the folds measured before it happened.
 */
import type { Cell } from '../spec/types.js';

/**
 * 2: model families (cell.model, cell.factors, cell.streams; curve fields optional) and
 * independent random streams — predictions differ from version 1 for the same suite.
 */
export const RESULT_SCHEMA_VERSION = 2;

export type CellState = 'completed' | 'diverged' | 'errored' | 'timed-out' | 'crashed';

export interface Metrics {
  readonly accuracy: number;
  /** Mean categorical cross-entropy (probabilities clipped at 1e-7). */
  readonly loss: number;
}

export interface FoldResult {
  readonly repeat: number;
  readonly fold: number;
  readonly trainSize: number;
  readonly heldOutSize: number;
  /** Epochs (iterations) run: iterative families only. */
  readonly epochsRun?: number;
  /** Mean training loss of each epoch (as the optimizer saw it, dropout on): iterative families only. */
  readonly lossCurve?: number[];
  /** Inference-mode metrics on a fixed subset of the fold's training split (size `trainEvaluatedOn`). */
  readonly train: Metrics;
  readonly trainEvaluatedOn: number;
  readonly heldOut: Metrics;
  /** The dataset's official test split scored by this fold's model, when it has one. */
  readonly test?: Metrics & { readonly n: number };
  /** train.accuracy − heldOut.accuracy. */
  readonly gap: number;
  /** heldOut.loss − train.loss. */
  readonly lossGap: number;
  /** Wall time of the learner's `fit` (for the command family: the program's whole run). */
  readonly trainTimeMs: number;
  /** Iterative families only. */
  readonly epochTimesMs?: number[];
  /** CPU time of the worker per epoch (in-process iterative families: networks, boosting). */
  readonly epochCpuMs?: number[];
  /** Median over epochs after the first (warm-up) of training examples per second; training examples / fit time for one-shot families. */
  readonly trainSamplesPerSec: number | null;
  /** Network recipes: inner-validation curve, best epoch, early stop, learning rates, backbone used. */
  readonly recipe?: Readonly<Record<string, unknown>>;
}

/** The WebGPU adapter a cell ran on (recorded in BackendInfo). */
export interface AdapterRecord {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly software: boolean;
  /** Why it counts as software or hardware. */
  readonly classifiedBy: string;
  readonly dawnBackend: 'default' | 'opengles';
  readonly featureLevel: 'core' | 'compatibility';
  /** Short human name, e.g. 'NVIDIA H200 (nvidia/hopper)' or 'llvmpipe… , software'. */
  readonly name: string;
}

export interface BackendInfo {
  readonly requested: string;
  readonly name: string;
  readonly tfjsVersion: string;
  /** CUDA GPU name (tensorflow) or the WebGPU adapter's short name (webgpu; ', software' when it is one). */
  readonly device?: string;
  /** The WebGPU adapter that ran (webgpu only): Dawn backend and feature level, and whether it is a software rasterizer. */
  readonly adapter?: AdapterRecord;
  readonly fallbackKernels: string[];
  readonly tried: Array<{ backend: string; ok: boolean; reason?: string }>;
}

export interface DatasetInfo {
  readonly hash: string;
  readonly n: number;
  readonly numClasses: number;
  readonly shape: number[];
  /** `sequence`: token ids (vocabulary `vocabSize`). */
  readonly kind: 'image' | 'tabular' | 'sequence';
  readonly vocabSize?: number;
  readonly source: string;
  readonly classNames?: string[];
  readonly testN?: number;
  /** sha256 of each repeat's fold assignment. */
  readonly foldHashes: string[];
}

export interface InferenceThroughput {
  readonly samplesPerSec: number;
  readonly batchSize: number;
  /** tinybench's relative margin of error of the mean latency, in percent. */
  readonly rme: number;
  readonly samples: number;
  /** Other cells in their throughput phase while this was measured (0: none, by design). */
  readonly concurrentThroughputPhases: number;
}

export interface Estimate {
  readonly mean: number;
  /** Sample standard deviation (ddof 1); null with one value. */
  readonly sd: number | null;
  /** Two-sided 95% t-interval over folds (descriptive: folds are correlated). */
  readonly ci95: [number, number] | null;
  readonly n: number;
}

export interface CellSummary {
  readonly heldOutAccuracy: Estimate;
  readonly trainAccuracy: Estimate;
  readonly gap: Estimate;
  readonly lossGap: Estimate;
  readonly heldOutLoss: Estimate;
  readonly testAccuracy?: Estimate;
  /** Accuracy of the pooled out-of-fold predictions of repeat 0. */
  readonly oofAccuracy: number;
  readonly trainSamplesPerSec: number | null;
  /**
   * Median over steady epochs of training examples per CPU-second of the worker (from
   * `epochCpuMs`): unlike `trainSamplesPerSec` it does not fall when other processes share the
   * core, so it is the figure to compare across machines' loads. Absent for families that do not
   * record epoch CPU times (one-shot and external ones).
   */
  readonly trainSamplesPerCpuSec?: number | null;
  /** Cells training at the same time as this one (its training throughput was shared with them). */
  readonly trainConcurrency: number;
  readonly inference: InferenceThroughput;
}

export interface StoredFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface CellFiles {
  /** Out-of-fold predictions: repeat, index, fold, label, pred, p0..p{K-1}. */
  readonly predictions: StoredFile;
  /** Penultimate features of each fold's probe subset: repeat, fold, index, f0..f{d-1}. */
  readonly features?: StoredFile;
  /** Official test split, every fold model: repeat, fold, index, label, pred, p0..p{K-1}. */
  readonly testPredictions?: StoredFile;
}

interface ResultBase {
  readonly schemaVersion: typeof RESULT_SCHEMA_VERSION;
  readonly cellId: string;
  /** Content hash of the resolved cell, dataset hash and divbench version (resume key). */
  readonly key: string;
  readonly cell: Cell;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly folds: FoldResult[];
  /** The cell's attribution factors (also in `cell.factors`): family, architecture/optimizer or model, recipe axes, seed, stream:<name>. */
  readonly factors: Readonly<Record<string, string>>;
  /** TensorFlow.js backend: only for families that use it. */
  readonly backend?: BackendInfo;
  readonly dataset?: DatasetInfo;
}

export interface CompletedResult extends ResultBase {
  readonly state: 'completed';
  readonly summary: CellSummary;
  readonly files: CellFiles;
}
export interface DivergedResult extends ResultBase {
  readonly state: 'diverged';
  readonly diverged: DivergedInfo;
}
export interface DivergedInfo {
  readonly repeat: number;
  readonly fold: number;
  readonly epoch: number;
  readonly loss: number | null;
  /** What was non-finite: the training loss, or the held-out / training-subset probabilities (which row). */
  readonly reason?: string;
}
export interface ErroredResult extends ResultBase {
  readonly state: 'errored';
  readonly error: { name: string; message: string; cause?: string; stack?: string };
}
export interface TimedOutResult extends ResultBase {
  readonly state: 'timed-out';
  readonly timeoutMs: number;
  readonly lastProgress?: string;
  /** Set when the worker itself stopped an external program (command family) past the cell's time. */
  readonly reason?: string;
  readonly stderrTail?: string;
}
export interface CrashedResult extends ResultBase {
  readonly state: 'crashed';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderrTail: string;
  readonly reason: string;
  /** Set when the run was stopped (Ctrl-C, SIGTERM, SIGHUP, closed output pipe) while this cell ran: `--resume` reruns it. */
  readonly interrupted?: string;
}

export type CellResult = CompletedResult | DivergedResult | ErroredResult | TimedOutResult | CrashedResult;

/** `env.json`: the environment a run happened in (versions, hardware, git commit). */
export interface EnvInfo {
  readonly divbench: string;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpu: { model: string; cores: number };
  readonly memoryGiB: number;
  readonly packages: Record<string, string | null>;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
  /** Hash of CPU model, core count and platform: throughput compares only within one fingerprint. */
  readonly hardwareFingerprint: string;
}
