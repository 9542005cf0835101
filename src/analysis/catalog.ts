/**
 * The catalog of every metric and index divbench reports (as HELM's metric metadata): id, label,
 * description, direction, format, scope and how it is computed. The leaderboard, the indices
 * table, the diversity-contribution columns, `compare` and `verify` iterate these lists; no code
 * elsewhere branches on a metric's name. This file holds the shared shape and the cell metrics (a
 * leaderboard column, computed from one cell's scores); the homogenization indices, computed over
 * the models of one dataset, are in index-catalog.ts. Adding a metric or an index is adding one
 * entry to one of the two lists.
 */

/** Which way is better, the one convention of divbench (ranks, arrows, sort order, verdicts). */
export type Direction = 'higher-is-better' | 'lower-is-better' | 'neutral';

/** What one value is computed over: a fold (then summarized over folds), a pooled set of predictions, or pairs of models (then averaged). */
export type Scope = 'fold' | 'pooled' | 'pairwise';

/** How a value prints: percent (0.5 → 50.00%), points (a proportion difference ×100), number, rate (1.2k). */
export interface ValueFormat {
  readonly style: 'percent' | 'points' | 'number' | 'rate';
  readonly digits: number;
}

export interface CatalogEntry {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly direction: Direction;
  readonly format: ValueFormat;
  readonly scope: Scope;
}

export interface ValueWithCi {
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
}

/** A mean over folds with its interval (a cell summary's Estimate). */
export interface FoldEstimate {
  readonly mean: number;
  readonly ci95: readonly [number, number] | null;
}

/** What a cell metric reads: the cell's summary over folds and its pooled calibration. */
export interface CellScores {
  readonly heldOutAccuracy: FoldEstimate;
  readonly gap: FoldEstimate;
  readonly testAccuracy?: FoldEstimate;
  readonly trainSamplesPerSec: number | null;
  readonly inference: { readonly samplesPerSec: number };
  /** Expected calibration error of the pooled out-of-fold probabilities (null without probabilities). */
  readonly ece: number | null;
}

/** One fold's scores as `compare` has them for both sides: recomputed from a run's predictions, and from a baseline's manifest. */
export interface FoldScores {
  readonly heldOutAccuracy: number;
  /** Train − held-out accuracy (null where the baseline did not record it). */
  readonly gap: number | null;
}

export interface CellMetric extends CatalogEntry {
  compute(cell: CellScores): ValueWithCi;
  /**
   * A signed quantity whose extreme is not "best" (the generalization gap: −3 pp is not better than
   * +1 pp): `direction` still says which way is worse for `compare`, but the report shows no arrow
   * and no bold best.
   */
  readonly signed?: boolean;
  /** A speed: comparable only between cells on the same backend and hardware. */
  readonly throughput?: boolean;
  /** Its value on one fold, for `compare`'s paired test over folds (absent: not compared). */
  readonly perFold?: (f: FoldScores) => number | null;
}

/** Formats the two lists share. */
export const PERCENT: ValueFormat = { style: 'percent', digits: 2 };
const POINTS: ValueFormat = { style: 'points', digits: 2 };
export const KAPPA: ValueFormat = { style: 'number', digits: 3 };
const RATE: ValueFormat = { style: 'rate', digits: 1 };

const fromEstimate = (e: FoldEstimate | undefined): ValueWithCi => ({ value: e?.mean ?? null, ci: e?.ci95 ?? null });
const plain = (v: number | null | undefined): ValueWithCi => ({ value: v ?? null, ci: null });

/** Leaderboard columns, in display order; the first ranks the leaderboard. */
export const CELL_METRICS: readonly CellMetric[] = [
  {
    id: 'accuracy',
    label: 'Held-out accuracy',
    direction: 'higher-is-better',
    format: PERCENT,
    scope: 'fold',
    description: 'Mean held-out (out-of-fold) accuracy over folds, ± half-width of a t-based 95% CI (descriptive: folds share training data)',
    compute: (c) => fromEstimate(c.heldOutAccuracy),
    perFold: (f) => f.heldOutAccuracy,
  },
  {
    id: 'gap',
    label: 'Gap (pp)',
    direction: 'lower-is-better',
    signed: true,
    format: POINTS,
    scope: 'fold',
    description: 'Generalization gap: training accuracy (inference mode) − held-out accuracy, in percentage points, ± t-based 95% CI over folds',
    compute: (c) => fromEstimate(c.gap),
    perFold: (f) => f.gap,
  },
  {
    id: 'ece',
    label: 'ECE',
    direction: 'lower-is-better',
    format: KAPPA,
    scope: 'pooled',
    description: 'Expected calibration error of the out-of-fold probabilities (15 equal-width confidence bins); 0 = confidence matches accuracy',
    compute: (c) => plain(c.ece),
  },
  {
    id: 'test-accuracy',
    label: 'Test accuracy',
    direction: 'higher-is-better',
    format: PERCENT,
    scope: 'fold',
    description: 'Official test split scored by every fold model (mean over folds, ± t-based 95% CI)',
    compute: (c) => fromEstimate(c.testAccuracy),
  },
  {
    id: 'train-rate',
    label: 'Train samples/s',
    direction: 'higher-is-better',
    throughput: true,
    format: RATE,
    scope: 'fold',
    description: 'Training examples per second: median over epochs after the first, over all folds (shared with the cells training at the same time)',
    compute: (c) => plain(c.trainSamplesPerSec),
  },
  {
    id: 'infer-rate',
    label: 'Inference samples/s',
    direction: 'higher-is-better',
    throughput: true,
    format: RATE,
    scope: 'pooled',
    description: 'Inference examples per second at the throughput batch size (tinybench, after warm-up), measured with no other cell measuring',
    compute: (c) => plain(c.inference.samplesPerSec),
  },
];

/** Metrics `compare` tests fold by fold. */
export const FOLD_METRICS = CELL_METRICS.filter((m) => m.perFold);

/** The metric that ranks the leaderboard. */
export const PRIMARY_METRIC = CELL_METRICS[0];

export function metricById(id: string): CellMetric | undefined {
  return CELL_METRICS.find((m) => m.id === id);
}

/** Ranks (1 = best, ties share the lower rank) of values by a direction; null stays null (and every rank is null when neutral). */
export function rankValues(values: readonly (number | null)[], direction: Direction): (number | null)[] {
  const ranks: (number | null)[] = values.map(() => null);
  if (direction === 'neutral') return ranks;
  const order = values.map((v, i) => ({ v, i })).filter((e): e is { v: number; i: number } => e.v !== null && Number.isFinite(e.v));
  order.sort((a, b) => (direction === 'lower-is-better' ? a.v - b.v : b.v - a.v));
  order.forEach((e, k) => (ranks[e.i] = k > 0 && order[k - 1].v === e.v ? ranks[order[k - 1].i] : k + 1));
  return ranks;
}
