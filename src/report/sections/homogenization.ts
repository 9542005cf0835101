/**
 * One dataset's homogenization dashboard: headline indices with CIs beside the same-recipe reference,
 * the error-consistency heatmap, the attribution chart, the failure-count histogram, the
 * systemic-failure gallery and the two model scatter plots.
 */
import type { AnalysisResult, ValidatedPredictions } from '../../analysis/index.js';
import { indexById } from '../../analysis/index-catalog.js';
import type { CompletedResult } from '../../store/results.js';
import { attributionChart } from '../charts/attribution.js';
import { diversityCurveCharts } from '../charts/diversity-curves.js';
import { failureHistogramChart } from '../charts/failure-histogram.js';
import { heatmapChart, MARK, type HeatmapOrder } from '../charts/heatmap.js';
import { gapKappaChart, paretoChart, type ModelPoint } from '../charts/scatter.js';
import { plural } from '../format.js';
import { platformOf } from './leaderboard.js';
import type { ExamplesResult } from '../load-examples.js';
import type { ChartView, HomogenizationView, IndexView } from '../types.js';
import { buildGallery } from './gallery.js';
import { headlineIndices, secondaryMeasures } from './headline-indices.js';
import { cellArchitecture, cellOptimizer } from '../../spec/cell-label.js';

export interface HomogenizationInput {
  readonly datasetId: string;
  readonly cells: readonly CompletedResult[];
  readonly predictions: ValidatedPredictions;
  readonly analysis: AnalysisResult;
  readonly order: HeatmapOrder;
  readonly examples: ExamplesResult;
  readonly bootstrap: number;
  /** The run's models plus the baselines' (the heatmap and the "with baselines" column use it). */
  readonly merged?: MergedAnalysis;
}

export interface MergedAnalysis {
  readonly predictions: ValidatedPredictions;
  readonly analysis: AnalysisResult;
  /** Per merged model: true for baseline models. */
  readonly marked: readonly boolean[];
  /** Per merged model: a label for baseline models. */
  readonly labels: readonly (string | undefined)[];
}

/** The merged (run + baselines) value beside each index; none for an index that needs features (baselines store none). */
function withBaselines(run: IndexView[], merged: AnalysisResult, runAnalysis: AnalysisResult): IndexView[] {
  const other = new Map(headlineIndices(merged).map((i) => [i.id, i]));
  return run.map((i) => {
    const entry = indexById(i.id);
    const m = other.get(i.id);
    if (entry?.needsFeatures || !m)
      return {
        ...i,
        withBaselines: { value: null, display: '—', ci: entry?.needsFeatures ? 'baselines store no features' : '', rank: null, best: false, cellIds: [] },
      };
    const kind = entry?.qualifier?.(merged);
    const kindNote = kind !== undefined && kind !== entry?.qualifier?.(runAnalysis) ? `${kind} (not every baseline model has probabilities)` : '';
    return { ...i, withBaselines: { ...m.value, ci: [m.value.ci, kindNote].filter(Boolean).join(' · ') } };
  });
}

/** Each model's mean κ with every other model (null pairs left out). */
export function meanKappaPerModel(matrix: readonly (readonly (number | null)[])[]): (number | null)[] {
  return matrix.map((row, i) => {
    let s = 0,
      n = 0;
    row.forEach((v, j) => {
      if (j !== i && v !== null) {
        s += v;
        n++;
      }
    });
    return n ? s / n : null;
  });
}

export function modelPoints(cells: readonly CompletedResult[], a: AnalysisResult): ModelPoint[] {
  const kappa = meanKappaPerModel(a.errorConsistency.matrix);
  return cells.map((r) => {
    const m = a.models.indexOf(r.cellId);
    return {
      cellId: r.cellId,
      architecture: cellArchitecture(r.cell),
      optimizer: cellOptimizer(r.cell),
      accuracy: a.accuracy[r.cellId] ?? r.summary.oofAccuracy,
      throughput: r.summary.inference.samplesPerSec,
      gap: r.summary.gap.mean,
      meanKappa: m >= 0 ? kappa[m] : null,
      platform: platformOf(r),
    };
  });
}

export function buildHomogenization(input: HomogenizationInput): HomogenizationView {
  const a = input.analysis;
  const id = (name: string) => `${input.datasetId}-${name}`;
  const charts: ChartView[] = [];
  const m = input.merged;
  charts.push(
    heatmapChart(
      m
        ? {
            id: id('ec-heatmap'),
            ids: m.analysis.models,
            factors: m.predictions.factors,
            matrix: m.analysis.errorConsistency.matrix,
            order: input.order,
            accuracy: m.analysis.models.map((x) => m.analysis.accuracy[x] ?? null),
            title: `Error consistency between every pair of models, baselines included (${MARK})`,
            measure: 'Error-consistency κ',
            marked: m.marked,
            labels: m.labels,
          }
        : {
            id: id('ec-heatmap'),
            ids: a.models,
            factors: input.predictions.factors,
            matrix: a.errorConsistency.matrix,
            order: input.order,
            accuracy: a.models.map((x) => a.accuracy[x] ?? null),
            title: 'Error consistency between every pair of cells',
            measure: 'Error-consistency κ',
          },
    ),
  );
  const attr = a.attribution;
  if (attr) {
    const chart = attributionChart(id('attribution'), [
      { index: 'error consistency κ', result: attr.errorConsistency },
      { index: 'CAPA κ_p', result: attr.capa },
      ...(attr.cka ? [{ index: 'CKA', result: attr.cka }] : []),
    ]);
    if (chart) charts.push(chart);
  }
  charts.push(...diversityCurveCharts(input.datasetId, a.curves));
  charts.push(failureHistogramChart(id('failure-histogram'), a.systemicFailure));
  const points = modelPoints(input.cells, a);
  const pareto = paretoChart(id('pareto'), points);
  if (pareto) charts.push(pareto);
  const gk = gapKappaChart(id('gap-kappa'), points);
  if (gk) charts.push(gk);
  const first = input.cells[0]?.dataset;
  const gallery = buildGallery({
    predictions: input.predictions,
    kind: first?.kind === 'image' ? 'image' : 'tabular' /* token sequences show their ids as values */,
    classNames: first?.classNames,
    examples: input.examples,
  });
  const bootstrap = a.bootstrap
    ? `95% CIs: paired percentile bootstrap over examples, ${input.bootstrap} resamples (seed ${a.bootstrap.meanAccuracy.seed}).`
    : 'No bootstrap (--bootstrap 0): indices without CIs.';
  const extra = m ? m.marked.filter(Boolean).length : 0;
  return {
    models: a.models.length,
    examples: a.examples,
    bootstrap,
    indices: m ? withBaselines(headlineIndices(a), m.analysis, a) : headlineIndices(a),
    charts,
    gallery,
    secondary: secondaryMeasures(a),
    withBaselines: m ? `with baselines (+${plural(extra, 'model')})` : '',
    notes: [
      `Over ${plural(a.models.length, 'completed cell')} and ${plural(a.examples, 'example')} (out-of-fold predictions of repeat 1).`,
      ...(m
        ? [
            `Baselines: the "with baselines" column and the heatmap (${MARK}) add ${plural(extra, 'baseline model')} to the run's ${a.models.length}; every other figure is this run's matrix alone.`,
          ]
        : []),
      'Same-recipe reference: the index over pairs of cells equal on every factor except the seed and the random streams, with a 95% dyadic bootstrap CI over models. It is a reference, not a ceiling — pairs of different recipes can exceed it, e.g. when they share a random stream. A value near it means changing the recipe made the models no less alike than reseeding.',
      'What each CI covers: "examples" = paired bootstrap over examples with the trained models fixed (test-set sampling only); "seeds + examples" = two-level bootstrap that also redraws the seeds of each recipe (training randomness; shown only when some recipe has ≥ 2 seeds); attribution CIs = dyadic bootstrap over models.',
      ...a.notes,
    ],
  };
}
