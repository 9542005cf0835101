/**
 * Rows from outside the run (baselines, other frameworks) shown in a dataset's leaderboard as
 * their own rows, labelled with their provenance. `src/baselines/` turns a committed baseline into
 * these; the report only displays them (their strings are escaped like any other).
 */

export interface ExternalRow {
  /** Shown in the cell column, e.g. "baseline: pytorch-resnet". */
  readonly id: string;
  /** The dataset id of this run the row belongs to. */
  readonly datasetId: string;
  readonly architecture?: string;
  readonly optimizer?: string;
  readonly seed?: string;
  /** Where it comes from: baseline name, run id, commit, date. */
  readonly provenance: string;
  /** Values keyed by leaderboard metric id (see metrics.ts); a missing id shows "n/a". */
  readonly metrics: Readonly<Record<string, number | null>>;
  /** 95% intervals keyed by metric id. */
  readonly ci?: Readonly<Record<string, readonly [number, number] | null>>;
  /**
   * Held-out accuracy per (repeat, fold) in this run's fold order, when the row used the same
   * folds (same dataset hash and split): then it takes part in the tie test.
   */
  readonly foldAccuracy?: readonly number[];
}

/** Baselines named on the command line, resolved to rows by `src/baselines/` (when it has a loader). */
export interface BaselineRequest {
  readonly names: readonly string[];
  readonly rows: readonly ExternalRow[];
  /** Why some names gave no rows (e.g. "baseline loading is not available yet"). */
  readonly note: string;
}
