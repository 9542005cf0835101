/**
 * The distribution functions analysis/ uses, all from jstat, behind one small typed facade so the
 * rest of the code never touches the untyped library directly.
 */
import { createRequire } from 'node:module';
import type jStatModule from 'jstat';

// jstat is CommonJS: importing it as an ES module makes Node lex the whole file for its export
// names (35–50 ms CPU per process here, in every cell worker through the fold summaries), while
// `require` takes 6–7 ms (measured with process.cpuUsage).
const jStat = createRequire(import.meta.url)('jstat') as typeof jStatModule;

/** Two-sided p-value of a Student t statistic with `df` degrees of freedom. */
export function studentTTwoSided(t: number, df: number): number {
  return Math.min(1, 2 * (1 - jStat.studentt.cdf(Math.abs(t), df)));
}
/** Student t CDF. */
export function studentTCdf(x: number, df: number): number {
  return jStat.studentt.cdf(x, df);
}
/** Student t quantile. */
export function studentTQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df);
}
/** Upper tail P(X² > x) of the χ² distribution. */
export function chiSquareSurvival(x: number, df: number): number {
  return 1 - jStat.chisquare.cdf(x, df);
}
/** Upper tail P(F > x) of the F(d1, d2) distribution. */
export function fSurvival(x: number, d1: number, d2: number): number {
  return 1 - jStat.centralF.cdf(x, d1, d2);
}
/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return jStat.normal.cdf(z, 0, 1);
}
/** P(Bin(n, p) ≤ k), summed from jstat's pmf (jstat's binomial cdf rounds to 1e-10 absolute). */
export function binomialCdf(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = 0; i <= k; i++) s += jStat.binomial.pdf(i, n, p);
  return Math.min(1, s);
}
/** Studentized range quantile q(p; k, df); df may be Infinity. */
export function studentizedRangeQuantile(p: number, k: number, df: number): number {
  return jStat.tukey.inv(p, k, df);
}
/** Upper tail P(Q > q) of the studentized range with k groups and df degrees of freedom. */
export function studentizedRangeSurvival(q: number, k: number, df: number): number {
  return Math.max(0, 1 - jStat.tukey.cdf(q, k, df));
}
