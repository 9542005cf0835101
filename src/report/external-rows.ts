/**
 * Rows from outside the run (baselines, other frameworks) shown in a dataset's leaderboard as
 * their own rows, labelled with their provenance, and their predictions for the homogenization
 * dashboard. `src/baselines/` (index.ts) turns committed baselines into these; the report only
 * displays them (their strings are escaped like any other).
 */
import type { BaselineDatasetView } from '../baselines/load-baselines.js';

export interface ExternalRow {
  /** Unique id, e.g. "baseline:sklearn/logreg"; the model's id in the merged predictions. */
  readonly id: string;
  /** The dataset id of this run the row belongs to. */
  readonly datasetId: string;
  /** Baseline name (folder). */
  readonly baseline: string;
  /** 'external': predictions made outside divbench; 'run': a divbench run committed as a baseline. */
  readonly kind: 'run' | 'external';
  /** What the cell column shows, e.g. "linear / adam / s1" or "logreg". */
  readonly label: string;
  readonly architecture?: string;
  readonly optimizer?: string;
  readonly seed?: string;
  /** Where it comes from: baseline name, framework/description, run id, commit, date. */
  readonly provenance: string;
  /** Values keyed by leaderboard metric id (see metrics.ts); a missing id shows "n/a". */
  readonly metrics: Readonly<Record<string, number | null>>;
  /** 95% intervals keyed by metric id. */
  readonly ci?: Readonly<Record<string, readonly [number, number] | null>>;
  /**
   * Held-out accuracy per (repeat, fold) in this run's fold order, when the row used the same
   * folds (same dataset hash and fold hashes): then it takes part in the tie test.
   */
  readonly foldAccuracy?: readonly number[];
  /** Why the row is not in the tie test (different folds, fewer repeats), or ''. */
  readonly foldNote?: string;
}

/** Baselines named on the command line, resolved by `src/baselines/index.ts`. */
export interface BaselineRequest {
  readonly names: readonly string[];
  readonly rows: readonly ExternalRow[];
  /**
   * Predictions of the baseline models, per (baseline, dataset), checked to be on this run's
   * examples in this run's order (same dataset hash, same labels): they join the homogenization
   * dashboard and give each baseline's diversity contribution. Ids are the rows' ids.
   */
  readonly datasets: readonly BaselineDatasetView[];
  /** What could not be shown and why (a baseline failed verification, a dataset is not in the run, …). */
  readonly notes: readonly string[];
}

export const NO_BASELINES: BaselineRequest = { names: [], rows: [], datasets: [], notes: [] };
