/** Resolved suite and cell data: JSON-safe, fully defaulted, what the worker needs and nothing else. */
import type { RecipeAxis } from '../registry/recipes/types.js';
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
  /** The network shorthand: architectures × optimizers expand into `network` models (both empty or both set). */
  readonly architectures: ComponentSpec[];
  readonly optimizers: ComponentSpec[];
  /** Models of any registered family (`type` is the family: `network`, `command`, …). */
  readonly models: ComponentSpec[];
  /** Declared recipe axes (schedules, regularization, augmentation, earlyStopping, backbones); absent = not declared. */
  readonly recipes?: Partial<Record<RecipeAxis, ComponentSpec[]>>;
  readonly seeds: number[];
  readonly protocol: Protocol;
  readonly include?: FilterSpec[];
  readonly exclude?: FilterSpec[];
  /** Absolute path of the suite file (relative dataset paths resolve against its folder). */
  readonly file: string;
}

/**
 * The derivation of one named random stream of a cell: its 32-bit seed is a hash of `key`, and
 * two cells share the stream exactly when their keys are equal.
 */
export interface StreamSpec {
  /** `<stream>/s<seed>/<recipe>` or, when the suite shares the stream, `<stream>/s<seed>/shared`. */
  readonly key: string;
  readonly shared: boolean;
  readonly seed: number;
}

export interface Cell {
  /** `dataset.architecture.optimizer.s<seed>` (network shorthand) or `dataset.<model-id>.s<seed>` — safe as a folder name, never rewritten. */
  readonly id: string;
  readonly suite: string;
  readonly dataset: ComponentSpec;
  /**
   * The model: `type` is its family. Shorthand network cells get `{ type: 'network', id:
   * '<architecture>.<optimizer>', params: { architecture, optimizer } }`.
   */
  readonly model: ComponentSpec;
  /** Network cells only: the architecture and optimizer (also inside `model.params`). */
  readonly architecture?: ComponentSpec;
  readonly optimizer?: ComponentSpec;
  readonly seed: number;
  /**
   * What the cell is made of, for attribution: `family`, `architecture`/`optimizer` (networks) or
   * `model` (other families), any recipe axis, `seed`, and `stream:<name>` = the stream's key.
   */
  readonly factors: Readonly<Record<string, string>>;
  /** Every random stream the family draws, by name. */
  readonly streams: Readonly<Record<string, StreamSpec>>;
  readonly protocol: Protocol;
  /** Folder of the suite file. */
  readonly suiteDir: string;
}
