/**
 * Friedman test with the Iman–Davenport F, the Nemenyi critical difference and pairwise Nemenyi
 * p-values (Demšar 2006; METRICS.md §6.2). Ranks within each data set, 1 = best, ties averaged.
 * χ²_F carries scipy's tie correction (divide by 1 − Σ(t³−t)/(N k (k²−1))).
 */
import { chiSquareSurvival, fSurvival, studentizedRangeQuantile, studentizedRangeSurvival } from './distributions.js';
import { averageRanks } from './ranks.js';

export interface FriedmanResult {
  /** N data sets, k configurations. */
  datasets: number;
  configurations: number;
  /** Mean rank per configuration (1 = best). */
  meanRanks: number[];
  chiSquare: number | null;
  chiSquareP: number | null;
  /** Iman–Davenport F_F ~ F(k−1, (k−1)(N−1)). */
  imanDavenport: number | null;
  imanDavenportP: number | null;
  /** q_α = studentized range quantile (k, ∞)/√2. */
  qAlpha: number;
  /** CD = q_α √(k(k+1)/(6N)). */
  criticalDifference: number;
  /** Pairwise Nemenyi p-values, k × k (1 on the diagonal). */
  pairwiseP: number[][];
  alpha: number;
  reasons: Record<string, string>;
}

export interface FriedmanOptions {
  alpha?: number;
  /** Default true: the highest score gets rank 1. */
  higherIsBetter?: boolean;
}

/** `scores[d][j]`: score of configuration j on data set d. */
export function friedmanNemenyi(scores: readonly (readonly number[])[], options: FriedmanOptions = {}): FriedmanResult {
  const alpha = options.alpha ?? 0.05;
  const hib = options.higherIsBetter ?? true;
  const N = scores.length;
  const k = N === 0 ? 0 : scores[0].length;
  if (N < 2 || k < 2) throw new RangeError('friedmanNemenyi needs at least 2 data sets and 2 configurations');
  const sum = new Array<number>(k).fill(0);
  let tieSum = 0;
  for (const [d, row] of scores.entries()) {
    if (row.length !== k) throw new RangeError(`data set ${d} has ${row.length} scores, expected ${k}`);
    const { ranks, tieGroups } = averageRanks(row.map((v) => (hib ? -v : v)));
    ranks.forEach((r, j) => (sum[j] += r));
    for (const t of tieGroups) tieSum += t ** 3 - t;
  }
  const R = sum.map((s) => s / N);
  const reasons: Record<string, string> = {};
  const ss = R.reduce((a, r) => a + r * r, 0);
  let chi = ((12 * N) / (k * (k + 1))) * (ss - (k * (k + 1) ** 2) / 4);
  const tieCorr = 1 - tieSum / (N * k * (k * k - 1));
  let chiSquare: number | null = null;
  let chiSquareP: number | null = null;
  let imanDavenport: number | null = null;
  let imanDavenportP: number | null = null;
  if (tieCorr <= 0) reasons.chiSquare = 'every configuration tied on every data set';
  else {
    chi /= tieCorr;
    chiSquare = chi;
    chiSquareP = chiSquareSurvival(chi, k - 1);
    const den = N * (k - 1) - chi;
    if (den <= 0) reasons.imanDavenport = 'N(k−1) − χ²_F = 0: rankings identical on every data set (F = ∞)';
    else {
      imanDavenport = ((N - 1) * chi) / den;
      imanDavenportP = fSurvival(imanDavenport, k - 1, (k - 1) * (N - 1));
    }
  }
  const qAlpha = studentizedRangeQuantile(1 - alpha, k, Infinity) / Math.SQRT2;
  const se = Math.sqrt((k * (k + 1)) / (6 * N));
  // the survival function once per distinct rank difference (mean ranks are multiples of 1/(2N):
  // few distinct differences among k² pairs; the same input gives the same value)
  const byDiff = new Map<number, number>();
  const pOf = (d: number) => {
    let v = byDiff.get(d);
    if (v === undefined) byDiff.set(d, (v = studentizedRangeSurvival((Math.SQRT2 * d) / se, k, Infinity)));
    return v;
  };
  const pairwiseP = R.map((ri, i) => R.map((rj, j) => (i === j ? 1 : pOf(Math.abs(ri - rj)))));
  return {
    datasets: N,
    configurations: k,
    meanRanks: R,
    chiSquare,
    chiSquareP,
    imanDavenport,
    imanDavenportP,
    qAlpha,
    criticalDifference: qAlpha * se,
    pairwiseP,
    alpha,
    reasons,
  };
}
