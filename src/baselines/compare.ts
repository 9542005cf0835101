/**
 * `divbench compare <run-dir> --baseline <name>`: every cell of the run against the same cell of a
 * verified baseline, on the same folds. Held-out accuracy is recomputed from the run's predictions
 * (never taken from result.json) and compared fold by fold with the baseline's; so is the gap.
 * Per dataset, the headline indices of the matched models with paired bootstrap CIs of the change.
 * Throughput only between equal hardware fingerprints. A regression (exit 1) is a metric worse
 * beyond the ROPE with posterior probability ≥ the confidence, or a cell that completed in the
 * baseline and failed in the run.
 */
import { PredictionsError, UsageError } from '../errors.js';
import type { CompletedResult } from '../store/results.js';
import { foldHashes } from './dataset-check.js';
import { recomputeFolds } from '../analysis/fold-metrics.js';
import { pairedComparison, type PairedComparison } from '../analysis/paired-test.js';
import { readCellPredictions } from '../store/predictions-file.js';
import { readRunFolder } from '../store/run-dir.js';
import type { BaselineData } from './verify.js';
import { FOLD_METRICS, metricById } from '../analysis/catalog.js';
import { pairedIndexDeltas, type IndexDelta } from '../analysis/index-deltas.js';
import { weightedModels } from '../analysis/weighted-headline.js';

export interface CompareOptions {
  /** Region of practical equivalence, in accuracy units (default 0.01). */
  readonly rope: number;
  /** Posterior probability needed for a verdict (default 0.95). */
  readonly confidence: number;
  /** Bootstrap resamples for the index CIs (default 300). */
  readonly resamples: number;
  readonly seed: number;
}

export interface ThroughputComparison {
  readonly trainRatio: number | null;
  readonly inferenceRatio: number | null;
}

export interface CellComparison {
  readonly cellId: string;
  readonly dataset: string;
  readonly status: 'compared' | 'failed-in-run' | 'missing-in-run' | 'new-in-run';
  readonly state?: string;
  readonly metrics: PairedComparison[];
  /** run / baseline samples per second; null when the hardware differs. */
  readonly throughput: ThroughputComparison | null;
}

export interface DatasetComparison {
  readonly dataset: string;
  readonly models: number;
  readonly deltas: IndexDelta[];
}

export interface CompareResult {
  readonly run: string;
  readonly baseline: string;
  readonly suite: string;
  readonly options: CompareOptions;
  readonly hardware: { readonly match: boolean; readonly run: string | null; readonly baseline: string | null };
  readonly cells: CellComparison[];
  readonly datasets: DatasetComparison[];
  /** One line per regression; empty when none. */
  readonly regressions: string[];
  readonly notes: string[];
}

const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? a / b : null);

export function compareRun(runDir: string, base: BaselineData, o: CompareOptions): CompareResult {
  const run = readRunFolder(runDir);
  if (run.damaged?.length) {
    throw new PredictionsError(
      `${runDir}: ${run.damaged.map((d) => `${d.cellId}: ${d.problem}`).join('; ')}: the run is damaged; a damaged run cannot pass or fail a gate (\`divbench run <suite> --resume ${run.runId}\` reruns damaged cells)`,
    );
  }
  const m = base.manifest;
  if (m.kind !== 'run')
    throw new UsageError(`baseline '${m.name}' is external: compare gates runs against run baselines (external baselines join the report instead)`);
  if (run.suite.name !== m.suite.name) throw new UsageError(`the run is of suite '${run.suite.name}', baseline '${m.name}' of '${m.suite.name}'`);
  const notes: string[] = [];
  const p = run.suite.protocol;
  const bp = m.suite.resolved.protocol as Record<string, unknown> | undefined;
  for (const k of ['epochs', 'batchSize', 'folds', 'repeats'] as const) {
    if (bp && bp[k] !== p[k]) notes.push(`protocol.${k} differs: run ${p[k]}, baseline ${String(bp[k])}`);
  }
  const fpRun = run.env?.hardwareFingerprint ?? null;
  const fpBase = m.provenance.hardware?.fingerprint ?? null;
  const sameHardware = fpRun !== null && fpRun === fpBase;
  if (!sameHardware)
    notes.push(
      `throughput not compared: hardware fingerprints differ (run ${fpRun ?? 'unknown'}, baseline ${fpBase ?? 'unknown'}: ${m.provenance.hardware?.cpu ?? '?'})`,
    );
  const cells: CellComparison[] = [];
  const regressions: string[] = [];
  const datasets: DatasetComparison[] = [];
  for (const d of m.datasets) {
    const arrays = base.datasets.get(d.id)!;
    const models = m.models.filter((x) => x.dataset === d.id);
    const matchedRun: Int32Array[] = [];
    const matchedBase: Int32Array[] = [];
    let runLabels: Int32Array | null = null;
    for (const x of models) {
      const r = run.results.find((c) => c.cellId === x.id);
      if (!r) {
        cells.push({ cellId: x.id, dataset: d.id, status: 'missing-in-run', metrics: [], throughput: null });
        notes.push(`${x.id}: in the baseline, not in the run`);
        continue;
      }
      if (r.state !== 'completed' || !r.dataset) {
        cells.push({ cellId: x.id, dataset: d.id, status: 'failed-in-run', state: r.state, metrics: [], throughput: null });
        regressions.push(`${x.id}: completed in the baseline, ${r.state} in the run`);
        continue;
      }
      const cr = r as CompletedResult;
      if (cr.dataset!.hash !== d.hash)
        throw new UsageError(`${x.id}: the run's dataset hash ${cr.dataset!.hash} is not the baseline's ${d.hash}: different data cannot be compared`);
      const rp = readCellPredictions(run.dir, cr, d.repeats);
      if (foldHashes(rp.folds).some((h, i) => h !== d.foldHashes[i]))
        throw new UsageError(`${x.id}: the run's folds are not the baseline's (fold hashes differ): a paired comparison needs the same folds`);
      runLabels ??= rp.labels;
      const runFolds = recomputeFolds(rp.labels, rp.folds, rp.model, d.folds);
      const key = (f: { repeat: number; fold: number }) => `${f.repeat}:${f.fold}`;
      const baseByKey = new Map(x.folds.map((f) => [key(f), f]));
      const pairs = runFolds
        .map((f) => ({ f, b: baseByKey.get(key(f))!, t: cr.folds.find((g) => g.repeat === f.repeat && g.fold === f.fold) }))
        .filter((q) => q.b);
      const cmp = { folds: d.folds, rope: o.rope, confidence: o.confidence };
      const runScores = pairs.map((q) => ({ heldOutAccuracy: q.f.accuracy, gap: q.t ? q.t.train.accuracy - q.f.accuracy : null }));
      const baseScores = pairs.map((q) => ({ heldOutAccuracy: q.b.heldOut.accuracy, gap: q.b.gap }));
      const metrics: PairedComparison[] = [];
      for (const fm of FOLD_METRICS) {
        const a = runScores.map((s) => fm.perFold!(s));
        const b = baseScores.map((s) => fm.perFold!(s));
        if (a.every((v): v is number => v !== null) && b.every((v): v is number => v !== null)) metrics.push(pairedComparison(fm.id, fm.direction, a, b, cmp));
      }
      for (const mc of metrics)
        if (mc.verdict === 'regression')
          regressions.push(
            `${x.id}: ${metricById(mc.metric)!.label.toLowerCase()} ${mc.direction === 'lower-is-better' ? 'rose' : 'fell'} from ${mc.baseline.toFixed(4)} to ${mc.run.toFixed(4)} (P(worse by more than ${o.rope}) = ${mc.pWorse.toFixed(3)})`,
          );
      const throughput =
        sameHardware && x.throughput
          ? {
              trainRatio: ratio(cr.summary.trainSamplesPerSec, x.throughput.trainSamplesPerSec),
              inferenceRatio: ratio(cr.summary.inference?.samplesPerSec, x.throughput.inferenceSamplesPerSec),
            }
          : null;
      cells.push({ cellId: x.id, dataset: d.id, status: 'compared', metrics, throughput });
      matchedRun.push(rp.model.pred);
      matchedBase.push(base.models.get(x.id)!.pred);
    }
    if (matchedRun.length > 0 && runLabels) {
      const a = weightedModels(runLabels, matchedRun, d.numClasses);
      const b = weightedModels(arrays.labels, matchedBase, d.numClasses);
      datasets.push({ dataset: d.id, models: matchedRun.length, deltas: pairedIndexDeltas(a, b, d.n, { resamples: o.resamples, seed: o.seed }) });
    }
  }
  for (const r of run.results) {
    if (!m.models.some((x) => x.id === r.cellId))
      cells.push({ cellId: r.cellId, dataset: r.cell.dataset.id, status: 'new-in-run', state: r.state, metrics: [], throughput: null });
  }
  return {
    run: run.dir,
    baseline: m.name,
    suite: m.suite.name,
    options: o,
    hardware: { match: sameHardware, run: fpRun, baseline: fpBase },
    cells,
    datasets,
    regressions,
    notes,
  };
}
