/**
 * Leaderboard metrics and their direction. The report derives arrows, ranks, bold "best" values
 * and sort order from `lowerIsBetter`; no report code branches on a metric's name.
 */
import type { CompletedResult, Estimate } from '../store/results.js';
import { pct, pp, fixed, rate } from './format.js';

export interface MetricValue {
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
}

/** What a metric may read about a completed cell beyond its result. */
export interface CellContext {
  /** Expected calibration error of the pooled out-of-fold probabilities (15 bins). */
  readonly ece: number | null;
}

export interface MetricDefinition {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly lowerIsBetter: boolean;
  /**
   * A signed quantity whose extreme is not "best" (the generalization gap: −3 pp is not better
   * than +1 pp). Sorted by `lowerIsBetter`, but no arrow and never bold.
   */
  readonly signed?: boolean;
  /** A speed: comparable only between cells on the same backend and hardware. */
  readonly throughput?: boolean;
  /** Value shown and sorted on (null: not available). */
  fromCell(r: CompletedResult, ctx: CellContext): MetricValue;
  format(v: number): string;
}

const est = (e: Estimate | undefined): MetricValue => ({ value: e?.mean ?? null, ci: e?.ci95 ?? null });
const plain = (v: number | null | undefined): MetricValue => ({ value: v ?? null, ci: null });

export const LEADERBOARD_METRICS: readonly MetricDefinition[] = [
  {
    id: 'accuracy', label: 'Held-out accuracy', lowerIsBetter: false, format: pct,
    description: 'Mean held-out (out-of-fold) accuracy over folds, ± half-width of a t-based 95% CI (descriptive: folds share training data)',
    fromCell: (r) => est(r.summary.heldOutAccuracy),
  },
  {
    id: 'gap', label: 'Gap (pp)', lowerIsBetter: true, signed: true, format: pp,
    description: 'Generalization gap: training accuracy (inference mode) − held-out accuracy, in percentage points, ± t-based 95% CI over folds',
    fromCell: (r) => est(r.summary.gap),
  },
  {
    id: 'ece', label: 'ECE', lowerIsBetter: true, format: (v) => fixed(v, 3),
    description: 'Expected calibration error of the out-of-fold probabilities (15 equal-width confidence bins); 0 = confidence matches accuracy',
    fromCell: (_r, ctx) => plain(ctx.ece),
  },
  {
    id: 'test-accuracy', label: 'Test accuracy', lowerIsBetter: false, format: pct,
    description: 'Official test split scored by every fold model (mean over folds, ± t-based 95% CI)',
    fromCell: (r) => est(r.summary.testAccuracy),
  },
  {
    id: 'train-rate', label: 'Train samples/s', lowerIsBetter: false, throughput: true, format: rate,
    description: 'Training examples per second: median over epochs after the first, over all folds (shared with the cells training at the same time)',
    fromCell: (r) => plain(r.summary.trainSamplesPerSec),
  },
  {
    id: 'infer-rate', label: 'Inference samples/s', lowerIsBetter: false, throughput: true, format: rate,
    description: 'Inference examples per second at the throughput batch size (tinybench, after warm-up), measured with no other cell measuring',
    fromCell: (r) => plain(r.summary.inference.samplesPerSec),
  },
];

/** The metric that ranks the leaderboard. */
export const PRIMARY_METRIC = LEADERBOARD_METRICS[0];

export function metricById(id: string): MetricDefinition | undefined {
  return LEADERBOARD_METRICS.find((m) => m.id === id);
}

/** Ranks (1 = best, ties share the lower rank) of values by a metric's direction; null stays null. */
export function rankValues(values: readonly (number | null)[], lowerIsBetter: boolean): (number | null)[] {
  const order = values.map((v, i) => ({ v, i })).filter((e): e is { v: number; i: number } => e.v !== null && Number.isFinite(e.v));
  order.sort((a, b) => (lowerIsBetter ? a.v - b.v : b.v - a.v));
  const ranks: (number | null)[] = values.map(() => null);
  order.forEach((e, k) => (ranks[e.i] = k > 0 && order[k - 1].v === e.v ? ranks[order[k - 1].i] : k + 1));
  return ranks;
}

/** The backend a cell ran on, as the header names it ("tensorflow (NVIDIA H200)", "wasm"). */
export function platformOf(r: CompletedResult): string {
  return r.backend ? `${r.backend.name}${r.backend.device ? ` (${r.backend.device})` : ''}` : 'unknown backend';
}

/**
 * Whether a column's best value may be marked: never for a signed metric; for a speed only when
 * every cell shown ran on one backend and one machine (`platforms`: distinct backend/hardware
 * combinations among the rows with a value).
 */
export function bestIsMeaningful(m: MetricDefinition, platforms: number): boolean {
  if (m.signed) return false;
  return !m.throughput || platforms <= 1;
}

/** The column arrow: ↑/↓ from the direction, none for a signed metric. */
export const arrowOf = (m: MetricDefinition): string => (m.signed ? '' : m.lowerIsBetter ? '↓' : '↑');
