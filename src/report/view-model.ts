/**
 * Loaded run → the renderer-agnostic report view model (see types.ts). Statistics come from
 * src/analysis; this file only decides what goes where. Synchronous and pure given its input.
 */
import { analyzePredictions, type AnalysisResult, type ModelFactors } from '../analysis/index.js';
import { diversityContribution } from '../analysis/diversity-contribution.js';
import { mergePredictions, type BaselineDatasetView } from '../baselines/load-baselines.js';
import type { DatasetPredictions } from '../store/read-predictions.js';
import type { HeatmapOrder } from './charts/heatmap.js';
import type { BaselineRequest, ExternalRow } from './external-rows.js';
import { int } from './format.js';
import type { ExamplesResult } from './load-examples.js';
import type { LoadedRun } from './load-run.js';
import { buildAcrossDatasets } from './sections/across-datasets.js';
import { buildCellDetails } from './sections/cell-details.js';
import { buildHeader } from './sections/header.js';
import { buildContribution, contributionSummary } from './sections/baseline-contribution.js';
import { buildHomogenization, type MergedAnalysis } from './sections/homogenization.js';
import { buildLeaderboardTable } from './sections/leaderboard.js';
import { buildPerClass } from './sections/per-class.js';
import { buildRecipeBoard } from './sections/recipe-board.js';
import { buildTakeaway } from './sections/takeaway.js';
import type { ContributionView, DatasetView, ReportView } from './types.js';

export const DEFAULT_BOOTSTRAP = 200;
export const DEFAULT_CELL_CHARTS = 60;

export interface ReportInput {
  readonly run: LoadedRun;
  /** Predictions of the completed cells, per dataset (harness/read-predictions). */
  readonly predictions: readonly DatasetPredictions[];
  /** Loaded examples per dataset id, for the gallery (absent: no thumbnails). */
  readonly examples?: ReadonlyMap<string, ExamplesResult>;
  /** Rows from outside the run (baselines). */
  readonly baselines?: BaselineRequest;
}

export interface ViewOptions {
  /** Bootstrap resamples for the homogenization CIs (0: none). */
  readonly bootstrap?: number;
  readonly heatmapOrder?: HeatmapOrder;
  /** Per-cell loss-curve charts drawn at most (the rest get the fold table only). */
  readonly cellCharts?: number;
  /** Fixed timestamp (tests). */
  readonly now?: Date;
}

function analyze(p: DatasetPredictions, bootstrap: number): AnalysisResult | string {
  if (p.cells.length < 2) return 'Homogenization needs at least 2 completed cells on this dataset.';
  return analyzePredictions(p.predictions, { bootstrap, seed: 0 });
}

interface BaselineAnalysis {
  readonly merged: MergedAnalysis | null;
  readonly contributions: ContributionView[];
  /** One line per external row id. */
  readonly summaries: Map<string, string>;
  readonly ece: Map<string, number | null>;
}

/**
 * The run's models plus the baselines' on one dataset: the merged analysis (heatmap, "with
 * baselines" indices, baseline ECE) and each baseline's diversity contribution.
 */
function analyzeWithBaselines(p: DatasetPredictions, views: readonly BaselineDatasetView[], rows: readonly ExternalRow[], bootstrap: number): BaselineAnalysis {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const merged = mergePredictions(p.predictions, ...views);
  const marked = merged.ids.map((_, i) => i >= p.predictions.ids.length);
  // Baseline models are marked in the heatmap; their baseline's name is added only where two
  // baselines share a label (short labels stay readable on the axes).
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.label, (count.get(r.label) ?? 0) + 1);
  const labels = merged.ids.map((id) => {
    const r = byId.get(id);
    return r ? ((count.get(r.label) ?? 0) > 1 ? `${r.baseline}: ${r.label}` : r.label) : undefined;
  });
  const factors: (ModelFactors | undefined)[] = merged.factors.map((f, i) => (marked[i] ? { ...f, architecture: `${labels[i]}` } : f));
  const analysis = analyzePredictions({ ...merged, factors }, { bootstrap, seed: 0 });
  const ece = new Map<string, number | null>(rows.map((r) => [r.id, analysis.calibration[r.id]?.ece ?? null]));
  const summaries = new Map<string, string>();
  const contributions = views.map((v) => {
    const c = diversityContribution(p.predictions, v, { resamples: bootstrap, seed: 0 });
    for (const m of c.perModel) summaries.set(m.key, contributionSummary(m.change));
    return buildContribution(
      c,
      rows.filter((r) => r.baseline === v.baseline),
      p.predictions.ids.length,
      bootstrap,
    );
  });
  return { merged: { predictions: { ...merged, factors }, analysis, marked, labels }, contributions, summaries, ece };
}

/** Distinct machines the run's cells ran on (a merge keeps each shard's hardware fingerprint). */
function machinesOf(run: LoadedRun): number {
  const from = (run.env as { mergedFrom?: Array<{ hardwareFingerprint?: string | null }> } | null)?.mergedFrom;
  return from ? Math.max(1, new Set(from.map((m) => m.hardwareFingerprint ?? '')).size) : 1;
}

export function buildReport(input: ReportInput, options: ViewOptions = {}): ReportView {
  const { run } = input;
  const bootstrap = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  let chartBudget = options.cellCharts ?? DEFAULT_CELL_CHARTS;
  const external: readonly ExternalRow[] = input.baselines?.rows ?? [];
  const present = new Set(run.results.map((r) => r.cell.dataset.id));
  const datasets: DatasetView[] = run.suite.datasets
    .filter((d) => present.has(d.id))
    .map((d) => {
      const results = run.results.filter((r) => r.cell.dataset.id === d.id);
      const preds = input.predictions.find((p) => p.datasetId === d.id);
      const analysis = preds ? analyze(preds, bootstrap) : 'No completed cell on this dataset.';
      const a = typeof analysis === 'string' ? null : analysis;
      const ece = new Map<string, number | null>(a ? Object.entries(a.calibration).map(([id, c]) => [id, c?.ece ?? null]) : []);
      const info = results.find((r) => r.dataset)?.dataset;
      const rows = external.filter((x) => x.datasetId === d.id);
      const views = (input.baselines?.datasets ?? []).filter((v) => v.dataset === d.id);
      const withBaselines = preds && views.length ? analyzeWithBaselines(preds, views, rows, bootstrap) : null;
      const homogenization =
        a && preds
          ? buildHomogenization({
              datasetId: d.id,
              cells: preds.cells,
              predictions: preds.predictions,
              analysis: a,
              order: options.heatmapOrder ?? 'factors',
              bootstrap,
              examples: input.examples?.get(d.id) ?? { ok: false, reason: 'examples were not loaded for this report' },
              ...(withBaselines?.merged ? { merged: withBaselines.merged } : {}),
            })
          : null;
      const details = results.map((r) => {
        const drawChart = chartBudget > 0 && r.folds.some((f) => (f.lossCurve?.length ?? 0) > 0);
        if (drawChart) chartBudget--;
        return buildCellDetails({ result: r, predictions: preds?.predictions, classNames: info?.classNames, drawChart });
      });
      return {
        id: d.id,
        type: d.type,
        typeShown: d.type !== d.id,
        source: info?.source ?? '',
        examples: info
          ? `${int(info.n)} examples · ${info.numClasses} classes · ${info.kind}${info.testN ? ` · official test split of ${int(info.testN)}` : ''}`
          : '',
        leaderboard: buildLeaderboardTable({
          results,
          ece,
          external: rows,
          externalEce: withBaselines?.ece,
          contributions: withBaselines?.summaries,
          folds: run.suite.protocol.folds,
          machines: machinesOf(run),
          analysis: a,
        }),
        recipeBoard:
          a && preds
            ? buildRecipeBoard({
                cells: preds.cells,
                analysis: a,
                predictions: preds.predictions,
                folds: run.suite.protocol.folds,
                repeats: run.suite.protocol.repeats,
              })
            : null,
        takeaway: a ? buildTakeaway(a, info?.kind === 'image' ? 'images' : 'examples') : null,
        homogenization,
        homogenizationNote: typeof analysis === 'string' ? analysis : '',
        perClass: preds && preds.cells.length ? buildPerClass(preds.predictions, info?.classNames) : null,
        contributions: withBaselines?.contributions ?? [],
        details,
      };
    });
  return {
    header: buildHeader(run),
    datasets,
    across: buildAcrossDatasets(
      datasets.map((d) => d.id),
      run.results,
    ),
    baselines: { requested: [...(input.baselines?.names ?? [])], notes: [...(input.baselines?.notes ?? [])] },
    generatedAt: (options.now ?? new Date()).toISOString(),
  };
}
