/** Fold results → the cell's summary estimates (mean, sample sd, t-based 95% CI over folds). */
import { studentTQuantile } from '../analysis/distributions.js';
import type { CellSummary, Estimate, FoldResult, InferenceThroughput } from './results.js';

export function estimate(values: number[]): Estimate {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(n, 1);
  if (n < 2) return { mean, sd: null, ci95: null, n };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { mean, sd, ci95: [mean - half, mean + half], n };
}

export function medianOf(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export function summarizeFolds(folds: FoldResult[], oofAccuracy: number, inference: InferenceThroughput, trainConcurrency: number): CellSummary {
  const steadyEpochRates = folds.flatMap((f) => {
    const times = f.epochTimesMs.length > 1 ? f.epochTimesMs.slice(1) : f.epochTimesMs;
    return times.map((ms) => f.trainSize / (ms / 1000));
  });
  const tests = folds.filter((f) => f.test).map((f) => f.test!.accuracy);
  return {
    heldOutAccuracy: estimate(folds.map((f) => f.heldOut.accuracy)),
    trainAccuracy: estimate(folds.map((f) => f.train.accuracy)),
    gap: estimate(folds.map((f) => f.gap)),
    lossGap: estimate(folds.map((f) => f.lossGap)),
    heldOutLoss: estimate(folds.map((f) => f.heldOut.loss)),
    ...(tests.length ? { testAccuracy: estimate(tests) } : {}),
    oofAccuracy,
    trainSamplesPerSec: medianOf(steadyEpochRates),
    trainConcurrency,
    inference,
  };
}
