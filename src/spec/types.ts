/** Resolved suite and cell data: JSON-safe, fully defaulted, what the worker needs and nothing else. */
import type { FilterSpec, ProtocolSpec } from './schema.js';

export interface ComponentSpec {
  readonly type: string;
  /** Unique per axis; defaults to `type`. */
  readonly id: string;
  /** Params with the component's defaults applied. */
  readonly params: Record<string, unknown>;
}

export interface Protocol extends Omit<ProtocolSpec, 'timeout'> {
  /** Per-cell wall-clock limit in milliseconds. */
  readonly timeoutMs: number;
}

export interface Suite {
  readonly name: string;
  readonly description?: string;
  readonly datasets: ComponentSpec[];
  readonly architectures: ComponentSpec[];
  readonly optimizers: ComponentSpec[];
  readonly seeds: number[];
  readonly protocol: Protocol;
  readonly include?: FilterSpec[];
  readonly exclude?: FilterSpec[];
  /** Absolute path of the suite file (relative dataset paths resolve against its folder). */
  readonly file: string;
}

export interface Cell {
  /** `dataset.architecture.optimizer.s<seed>` — safe as a folder name, never rewritten. */
  readonly id: string;
  readonly suite: string;
  readonly dataset: ComponentSpec;
  readonly architecture: ComponentSpec;
  readonly optimizer: ComponentSpec;
  readonly seed: number;
  readonly protocol: Protocol;
  /** Folder of the suite file. */
  readonly suiteDir: string;
}
