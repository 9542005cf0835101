/**
 * One verdict per leaderboard row against the best (analysis/verdicts.ts): the Bayesian correlated
 * t-test over the paired CV splits (every cell of a dataset uses the same folds, so split j of one
 * row is paired with split j of the best) reconciled with the paired bootstrap CI of the accuracy
 * difference over examples. Replaces the binary "tied" of a corrected t-test that could not reject.
 */
import { verdict, DEFAULT_ROPE, type Interval, type Verdict, type VerdictKind } from '../../analysis/index.js';
import type { FoldResult } from '../../store/results.js';
import type { BadgeView } from '../types.js';

export { DEFAULT_ROPE };

/** Held-out accuracy per split, ordered by (repeat, fold). */
export function splitAccuracies(folds: readonly FoldResult[]): number[] {
  return [...folds].sort((a, b) => a.repeat - b.repeat || a.fold - b.fold).map((f) => f.heldOut.accuracy);
}

/** An example-level CI from the headline bootstrap's accuracy-difference bounds. */
export function differenceInterval(lo: number | null | undefined, hi: number | null | undefined, resamples: number): Interval | null {
  if (lo === null || lo === undefined || hi === null || hi === undefined) return null;
  return {
    estimate: null,
    lo,
    hi,
    loInfinite: false,
    hiInfinite: false,
    level: 0.95,
    resamples,
    undefinedResamples: 0,
    infiniteResamples: 0,
    covers: ['examples'],
    method: 'paired bootstrap over examples (models fixed)',
    seed: 0,
  };
}

/** Compares a row's split accuracies with the best row's; `k` is protocol.folds. */
export function verdictWithBest(best: readonly number[] | undefined, other: readonly number[] | undefined, k: number, exampleCi: Interval | null): Verdict {
  const splits = best && other && other.length === best.length && best.length >= 2 ? { row: other, reference: best, folds: k } : null;
  return verdict(splits, exampleCi);
}

const LABEL: Record<VerdictKind, string> = {
  reference: 'best',
  better: 'better',
  worse: 'worse',
  equivalent: 'equivalent',
  'worse-on-examples': 'worse on these examples',
  'better-on-examples': 'better on these examples',
  undecided: 'undecided',
};

/** The badge of a verdict (kind `verdict-<kind>` for CSS). */
export function verdictBadge(v: Verdict): BadgeView {
  return { text: LABEL[v.kind], kind: v.kind === 'equivalent' || v.kind === 'undecided' ? 'tied' : `verdict-${v.kind}`, title: v.text };
}
