/**
 * What a registry entry is. An entry *describes* itself (type, summary, param schema) without
 * loading TensorFlow.js, so the parent process can validate suites and list components; the
 * heavy parts (`load`, `build`, `create`) run only inside the worker, which passes `tf` in.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { z } from 'zod';

/** What examples are: images `[h, w, c]`, tabular rows `[d]`, token sequences `[steps]`. */
export type DataKind = 'image' | 'tabular' | 'sequence';

export type Tf = typeof tfjs;

export interface ComponentDefinition<P = unknown> {
  /** Registry key, kebab-case; what a suite writes as `type:`. */
  readonly type: string;
  /** One line for `divbench list`. */
  readonly summary: string;
  /** Param schema with defaults; strict (unknown keys are errors). */
  readonly params: z.ZodType<P>;
}

/** A dataset after loading: typed arrays, ready to train on. */
export interface LoadedDataset {
  /** Row-major examples, `n * prod(shape)` float32 values (images scaled to [0, 1]). */
  readonly x: Float32Array;
  /** Class index per example, 0..numClasses-1. */
  readonly y: Int32Array;
  readonly n: number;
  /** Shape of one example: `[h, w, c]` for images, `[d]` for tabular data, `[steps]` for token sequences. */
  readonly shape: number[];
  readonly kind: DataKind;
  /** Sequence data: token ids are 0..vocabSize-1 (0 is padding), stored as exact float32 integers. */
  readonly vocabSize?: number;
  readonly numClasses: number;
  readonly classNames?: string[];
  readonly featureNames?: string[];
  /** Official held-out test split, when the dataset has one (never part of the CV pool). */
  readonly test?: { readonly x: Float32Array; readonly y: Int32Array; readonly n: number };
  /** `sha256:<hex>` over the bytes the examples came from (files or generated arrays). */
  readonly hash: string;
  /** Human-readable provenance: file paths or generator and seed. */
  readonly source: string;
}

export interface DatasetContext {
  /** Root of the divbench package (where `suites/data/` lives). */
  readonly packageRoot: string;
  /** Folder a suite file lives in; relative paths in params resolve against it. */
  readonly suiteDir: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface DatasetDefinition<P = any> extends ComponentDefinition<P> {
  /** What the examples are, known without loading (architectures declare what they accept). */
  readonly kind: DataKind;
  /** Shape of one example when every params value gives the same (images), for validation before loading. */
  readonly exampleShape?: readonly number[];
  /**
   * Whether a horizontal flip keeps every example's class (clothes, CIFAR: true; digits: false).
   * Flip augmentation is allowed only where this is true.
   */
  readonly flipSafe?: boolean;
  load(params: P, ctx: DatasetContext): Promise<LoadedDataset>;
  /**
   * Which data and which split `load` would use, without loading it (for `validate`): e.g.
   * "full Debian set at /usr/share/datasets/fashion-mnist, 60k train pool + 10k official test".
   * Absent for datasets whose params say it all (synthetic ones).
   */
  describe?(params: P, ctx: DatasetContext): Promise<string>;
}

export interface BuildContext {
  /** Shape of one example. */
  readonly inputShape: number[];
  readonly kind: DataKind;
  /** Sequence data: size of the token vocabulary (for an embedding layer). */
  readonly vocabSize?: number;
  /** Seeded initializer/dropout seeds: each call returns the next seed of the cell's stream. */
  nextSeed(): number;
}

export interface ArchitectureDefinition<P = any> extends ComponentDefinition<P> {
  /** Which dataset kinds the body accepts (e.g. `cnn` needs images). */
  readonly accepts: ReadonlyArray<DataKind>;
  /**
   * Builds the body from the input and returns its last hidden representation (the penultimate
   * layer). The harness adds the classification head and the loss; a body never sees labels.
   */
  build(tf: Tf, input: tfjs.SymbolicTensor, params: P, ctx: BuildContext): tfjs.SymbolicTensor;
}

export interface OptimizerDefinition<P = any> extends ComponentDefinition<P> {
  /** A fresh optimizer: called once per fold, so no state crosses folds. */
  create(tf: Tf, params: P): tfjs.Optimizer;
}
