/**
 * McNemar's test on paired correctness (METRICS.md §6.1): b = #(A right, B wrong),
 * c = #(A wrong, B right). Exact binomial below 25 discordant pairs, else χ² with continuity
 * correction (df 1). b + c = 0 gives p = 1 and no statistic.
 */
import { binomialCdf, chiSquareSurvival } from './distributions.js';

export interface McNemarResult {
  b: number;
  c: number;
  exact: boolean;
  /** (|b − c| − 1)²/(b + c) for the χ² form; null for the exact form or b + c = 0. */
  statistic: number | null;
  p: number;
  reason?: string;
}

/** McNemar from the discordant counts. `exactBelow` (default 25) switches to the exact test. */
export function mcnemarFromCounts(b: number, c: number, exactBelow = 25): McNemarResult {
  const n = b + c;
  if (n === 0) return { b, c, exact: true, statistic: null, p: 1, reason: 'b + c = 0: no discordant pairs' };
  if (n < exactBelow) return { b, c, exact: true, statistic: null, p: Math.min(1, 2 * binomialCdf(Math.min(b, c), n, 0.5)) };
  const statistic = (Math.abs(b - c) - 1) ** 2 / n;
  return { b, c, exact: false, statistic, p: chiSquareSurvival(statistic, 1) };
}

/** McNemar from two correctness vectors (1/true = right) over the same examples. */
export function mcnemar(a: ArrayLike<number | boolean>, bVec: ArrayLike<number | boolean>, exactBelow = 25): McNemarResult {
  if (a.length !== bVec.length) throw new RangeError(`mcnemar: ${a.length} vs ${bVec.length} examples`);
  let b = 0;
  let c = 0;
  for (let x = 0; x < a.length; x++) {
    const ra = Boolean(a[x]);
    const rb = Boolean(bVec[x]);
    if (ra && !rb) b++;
    else if (!ra && rb) c++;
  }
  return mcnemarFromCounts(b, c, exactBelow);
}
