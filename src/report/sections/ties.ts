/**
 * Which leaderboard rows are not significantly different from the best: the corrected resampled
 * t-test (Nadeau–Bengio; Bouckaert–Frank for repeated CV) on per-split held-out accuracy. Every
 * cell of a dataset uses the same folds, so split j of one row is paired with split j of the best.
 */
import { correctedResampledTTest } from '../../analysis/index.js';
import type { FoldResult } from '../../store/results.js';

export const TIE_ALPHA = 0.05;

export interface TieResult {
  readonly tied: boolean;
  /** Two-sided p-value; null when the test is undefined (see reason). */
  readonly p: number | null;
  readonly reason: string;
}

/** Held-out accuracy per split, ordered by (repeat, fold). */
export function splitAccuracies(folds: readonly FoldResult[]): number[] {
  return [...folds].sort((a, b) => a.repeat - b.repeat || a.fold - b.fold).map((f) => f.heldOut.accuracy);
}

/** Compares a row's split accuracies with the best row's; `k` is protocol.folds. */
export function tieWithBest(best: readonly number[], other: readonly number[] | undefined, k: number): TieResult {
  if (!other || other.length !== best.length || best.length < 2) {
    return { tied: false, p: null, reason: 'no paired per-fold accuracies: not tested' };
  }
  const t = correctedResampledTTest(best, other, { folds: k });
  if (t.p === null) {
    const same = t.meanDifference === 0;
    return { tied: same, p: null, reason: same ? 'identical per-fold accuracies' : (t.reason ?? 'test undefined') };
  }
  const tied = t.p >= TIE_ALPHA;
  return { tied, p: t.p, reason: `p = ${t.p < 0.001 ? t.p.toExponential(1) : t.p.toFixed(3)} vs the best (corrected resampled t-test over ${t.splits} splits)` };
}
