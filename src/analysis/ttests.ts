/**
 * Comparisons of two configurations over CV splits (METRICS.md §6.1): a plain t CI over folds,
 * the corrected resampled t-test (Nadeau & Bengio 2003; Bouckaert & Frank 2004 for r × k repeated
 * CV: J = r·k splits, same formula) and the Bayesian correlated t-test (Corani & Benavoli 2015).
 * s² is the sample variance (ddof 1).
 */
import { studentTCdf, studentTQuantile, studentTTwoSided } from './distributions.js';

function meanVar(x: readonly number[]): { mean: number; variance: number } {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  return { mean, variance: n > 1 ? ss / (n - 1) : NaN };
}

function diffs(a: readonly number[], b?: readonly number[]): number[] {
  if (!b) return [...a];
  if (a.length !== b.length) throw new RangeError(`paired scores differ in length: ${a.length} vs ${b.length}`);
  return a.map((v, i) => v - b[i]);
}

export interface TCi {
  mean: number;
  /** Sample standard deviation (ddof 1). */
  sd: number | null;
  n: number;
  lo: number | null;
  hi: number | null;
  level: number;
  reason?: string;
}

/** Descriptive t CI over folds: mean ± t_{n−1} · sd/√n (ignores the correlation between folds). */
export function tCiOverFolds(scores: readonly number[], level = 0.95): TCi {
  const n = scores.length;
  const { mean, variance } = meanVar(scores);
  if (n < 2) return { mean, sd: null, n, lo: null, hi: null, level, reason: 'needs at least 2 folds' };
  const sd = Math.sqrt(variance);
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, sd, n, lo: mean - half, hi: mean + half, level };
}

export interface SplitOptions {
  /** n_test/n_train; for k-fold CV 1/(k−1). Give this or `folds`. */
  testTrainRatio?: number;
  /** k of k-fold CV (sets testTrainRatio = 1/(k−1)). */
  folds?: number;
}

function ratio(o: SplitOptions): number {
  if (o.testTrainRatio !== undefined) return o.testTrainRatio;
  if (o.folds !== undefined && o.folds >= 2) return 1 / (o.folds - 1);
  throw new RangeError('give testTrainRatio or folds (k ≥ 2)');
}

export interface CorrectedTTestResult {
  /** Mean difference d̄ (A − B). */
  meanDifference: number;
  /** J, the number of splits (r × k). */
  splits: number;
  df: number;
  /** √((1/J + n_test/n_train)·s²). */
  standardError: number;
  /** null when s² = 0 (see reason). */
  t: number | null;
  /** Two-sided p-value; null when s² = 0. */
  p: number | null;
  /** The uncorrected t, for comparison. */
  naiveT: number | null;
  reason?: string;
}

/**
 * Corrected resampled t-test on per-split scores of A and B (or on differences when `b` is
 * omitted): t = d̄ / √((1/J + n_test/n_train)·s²), df = J − 1.
 */
export function correctedResampledTTest(a: readonly number[], b: readonly number[] | undefined, options: SplitOptions): CorrectedTTestResult {
  const d = diffs(a, b);
  const J = d.length;
  const { mean, variance } = meanVar(d);
  const rho = ratio(options);
  const se = Math.sqrt((1 / J + rho) * variance);
  const base = { meanDifference: mean, splits: J, df: J - 1, standardError: J > 1 ? se : NaN };
  if (J < 2) return { ...base, standardError: 0, t: null, p: null, naiveT: null, reason: 'needs at least 2 splits' };
  if (variance === 0) return { ...base, t: null, p: null, naiveT: null, reason: `s² = 0 across splits: t is ${mean === 0 ? 'undefined (0/0)' : '±∞'}` };
  const t = mean / se;
  return { ...base, t, p: studentTTwoSided(t, J - 1), naiveT: mean / Math.sqrt(variance / J) };
}

export interface BayesianTTestResult {
  /** P(μ < −rope). */
  left: number;
  /** P(|μ| ≤ rope). */
  rope: number;
  /** P(μ > rope). */
  right: number;
  /** Posterior location d̄, scale and df. */
  mean: number;
  scale: number;
  df: number;
  /** True when s² = 0: the posterior is a point mass at d̄. */
  pointMass: boolean;
}

/**
 * Bayesian correlated t-test: posterior of the mean difference is Student-t(df = J − 1,
 * location d̄, scale √((1/J + ρ/(1−ρ))·s²)) with ρ/(1−ρ) = n_test/n_train.
 */
export function bayesianCorrelatedTTest(a: readonly number[], b: readonly number[] | undefined, options: SplitOptions & { rope: number }): BayesianTTestResult {
  const d = diffs(a, b);
  const J = d.length;
  if (J < 2) throw new RangeError('bayesianCorrelatedTTest needs at least 2 splits');
  const { mean, variance } = meanVar(d);
  const r = options.rope;
  const scale = Math.sqrt((1 / J + ratio(options)) * variance);
  if (variance === 0) {
    const left = mean < -r ? 1 : 0;
    const right = mean > r ? 1 : 0;
    return { left, rope: 1 - left - right, right, mean, scale: 0, df: J - 1, pointMass: true };
  }
  const cdf = (x: number) => studentTCdf((x - mean) / scale, J - 1);
  const left = cdf(-r);
  const right = 1 - cdf(r);
  return { left, rope: Math.max(0, 1 - left - right), right, mean, scale, df: J - 1, pointMass: false };
}
