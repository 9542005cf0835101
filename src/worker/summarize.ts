/** Fold results → the cell's summary estimates (mean, sample sd, t-based 95% CI over folds). */
import { tCiOverFolds } from '../analysis/ttests.js';
import type { CellSummary, Estimate, FoldResult, InferenceThroughput } from '../store/results.js';

/** Mean, sample sd and the descriptive t-based 95% CI over folds (analysis/ttests.ts). */
export function estimate(values: number[]): Estimate {
  const t = tCiOverFolds(values, 0.95);
  return { mean: t.mean, sd: t.sd, ci95: t.lo === null || t.hi === null ? null : [t.lo, t.hi], n: t.n };
}

export function medianOf(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export function summarizeFolds(folds: FoldResult[], oofAccuracy: number, inference: InferenceThroughput, trainConcurrency: number): CellSummary {
  const steadyEpochRates = folds.flatMap((f) => {
    // Iterative families: epochs after the first (warm-up); one-shot families: the whole fit.
    const epochs = f.epochTimesMs ?? [];
    const times = epochs.length > 1 ? epochs.slice(1) : epochs.length ? epochs : [f.trainTimeMs];
    return times.map((ms) => f.trainSize / (ms / 1000));
  });
  // The same steady epochs per CPU-second, where the family recorded epoch CPU times.
  const cpuRates = folds.every((f) => f.epochCpuMs?.length)
    ? folds.flatMap((f) => {
        const cpu = f.epochCpuMs!;
        return (cpu.length > 1 ? cpu.slice(1) : cpu).filter((ms) => ms > 0).map((ms) => f.trainSize / (ms / 1000));
      })
    : [];
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
    ...(cpuRates.length ? { trainSamplesPerCpuSec: medianOf(cpuRates) } : {}),
    trainConcurrency,
    inference,
  };
}
