/**
 * One metric of one cell, run against baseline on the same folds (METRICS.md §6.1): the corrected
 * resampled t-test and the Bayesian correlated t-test with a ROPE. The verdict comes from the
 * Bayesian posterior: a regression is P(worse by more than the ROPE) ≥ the confidence level.
 */
import type { Direction } from './catalog.js';
import { bayesianCorrelatedTTest, correctedResampledTTest, type BayesianTTestResult, type CorrectedTTestResult } from './ttests.js';

export type Verdict = 'regression' | 'improvement' | 'equivalent' | 'inconclusive';

export interface PairedComparison {
  /** Catalog id of the metric. */
  readonly metric: string;
  readonly direction: Direction;
  readonly run: number;
  readonly baseline: number;
  /** Mean over splits of run − baseline. */
  readonly meanDifference: number;
  readonly tTest: CorrectedTTestResult;
  readonly bayes: BayesianTTestResult;
  /** P(worse beyond the ROPE), P(within), P(better beyond), whatever the metric's direction. */
  readonly pWorse: number;
  readonly pEquivalent: number;
  readonly pBetter: number;
  readonly verdict: Verdict;
}

const mean = (x: readonly number[]) => x.reduce((a, b) => a + b, 0) / x.length;

export function pairedComparison(
  metric: string,
  direction: Direction,
  run: readonly number[],
  baseline: readonly number[],
  o: { folds: number; rope: number; confidence: number },
): PairedComparison {
  const tTest = correctedResampledTTest(run, baseline, { folds: o.folds });
  const bayes = bayesianCorrelatedTTest(run, baseline, { folds: o.folds, rope: o.rope });
  const lower = direction === 'lower-is-better';
  const pWorse = lower ? bayes.right : bayes.left;
  const pBetter = lower ? bayes.left : bayes.right;
  const verdict: Verdict =
    pWorse >= o.confidence ? 'regression' : pBetter >= o.confidence ? 'improvement' : bayes.rope >= o.confidence ? 'equivalent' : 'inconclusive';
  return {
    metric,
    direction,
    run: mean(run),
    baseline: mean(baseline),
    meanDifference: tTest.meanDifference,
    tTest,
    bayes,
    pWorse,
    pEquivalent: bayes.rope,
    pBetter,
    verdict,
  };
}
