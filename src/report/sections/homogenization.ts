/**
 * One dataset's homogenization dashboard: headline indices with CIs beside the seed-only ceiling,
 * the error-consistency heatmap, the attribution chart, the failure-count histogram, the
 * systemic-failure gallery and the two model scatter plots.
 */
import type { AnalysisResult, ValidatedPredictions } from '../../analysis/index.js';
import type { CompletedResult } from '../../harness/results.js';
import { attributionChart } from '../charts/attribution.js';
import { failureHistogramChart } from '../charts/failure-histogram.js';
import { heatmapChart, type HeatmapOrder } from '../charts/heatmap.js';
import { gapKappaChart, paretoChart, type ModelPoint } from '../charts/scatter.js';
import { plural } from '../format.js';
import type { ExamplesResult } from '../load-examples.js';
import type { ChartView, HomogenizationView } from '../types.js';
import { buildGallery } from './gallery.js';
import { headlineIndices, secondaryMeasures } from './headline-indices.js';

export interface HomogenizationInput {
  readonly datasetId: string;
  readonly cells: readonly CompletedResult[];
  readonly predictions: ValidatedPredictions;
  readonly analysis: AnalysisResult;
  readonly order: HeatmapOrder;
  readonly examples: ExamplesResult;
  readonly bootstrap: number;
}

/** Each model's mean κ with every other model (null pairs left out). */
export function meanKappaPerModel(matrix: readonly (readonly (number | null)[])[]): (number | null)[] {
  return matrix.map((row, i) => {
    let s = 0, n = 0;
    row.forEach((v, j) => { if (j !== i && v !== null) { s += v; n++; } });
    return n ? s / n : null;
  });
}

export function modelPoints(cells: readonly CompletedResult[], a: AnalysisResult): ModelPoint[] {
  const kappa = meanKappaPerModel(a.errorConsistency.matrix);
  return cells.map((r) => {
    const m = a.models.indexOf(r.cellId);
    return {
      cellId: r.cellId, architecture: r.cell.architecture.id, optimizer: r.cell.optimizer.id,
      accuracy: a.accuracy[r.cellId] ?? r.summary.oofAccuracy, throughput: r.summary.inference.samplesPerSec,
      gap: r.summary.gap.mean, meanKappa: m >= 0 ? kappa[m] : null,
    };
  });
}

export function buildHomogenization(input: HomogenizationInput): HomogenizationView {
  const a = input.analysis;
  const id = (name: string) => `${input.datasetId}-${name}`;
  const charts: ChartView[] = [];
  charts.push(heatmapChart({
    id: id('ec-heatmap'), ids: a.models, factors: input.predictions.factors, matrix: a.errorConsistency.matrix, order: input.order,
    title: 'Error consistency between every pair of cells', measure: 'Error-consistency κ',
  }));
  const attr = a.attribution;
  if (attr) {
    const chart = attributionChart(id('attribution'), [
      { index: 'error consistency κ', result: attr.errorConsistency },
      { index: 'CAPA κ_p', result: attr.capa },
      ...(attr.cka ? [{ index: 'CKA', result: attr.cka }] : []),
    ]);
    if (chart) charts.push(chart);
  }
  charts.push(failureHistogramChart(id('failure-histogram'), a.systemicFailure));
  const points = modelPoints(input.cells, a);
  const pareto = paretoChart(id('pareto'), points);
  if (pareto) charts.push(pareto);
  const gk = gapKappaChart(id('gap-kappa'), points);
  if (gk) charts.push(gk);
  const first = input.cells[0]?.dataset;
  const gallery = buildGallery({ predictions: input.predictions, kind: first?.kind ?? 'tabular', classNames: first?.classNames, examples: input.examples });
  const bootstrap = a.bootstrap
    ? `95% CIs: paired percentile bootstrap over examples, ${input.bootstrap} resamples (seed ${a.bootstrap.meanAccuracy.seed}).`
    : 'No bootstrap (--bootstrap 0): indices without CIs.';
  return {
    models: a.models.length, examples: a.examples, bootstrap,
    indices: headlineIndices(a), charts, gallery, secondary: secondaryMeasures(a),
    notes: [
      `Over ${plural(a.models.length, 'completed cell')} and ${plural(a.examples, 'example')} (out-of-fold predictions of repeat 1).`,
      'Ceiling: the index over pairs of cells that share architecture and optimizer and differ only in seed ("same recipe"). A matrix value near the ceiling means changing the recipe made the models no less alike than reseeding.',
      ...a.notes,
    ],
  };
}
