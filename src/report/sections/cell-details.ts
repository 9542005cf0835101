/**
 * Per-cell details (collapsible in the page): training loss per fold, the fold table, and the
 * confusion matrix of the pooled out-of-fold predictions. Loss-curve charts are drawn for the
 * first `chartBudget` cells of the report; beyond it the fold table still gives first/last loss.
 */
import type { ValidatedPredictions } from '../../analysis/index.js';
import type { CellResult } from '../../store/results.js';
import { lossCurvesChart } from '../charts/loss-curves.js';
import { fixed, pct, pp, rate } from '../format.js';
import type { CellDetailsView, ConfusionView } from '../types.js';

export function confusionMatrix(labels: ArrayLike<number>, preds: ArrayLike<number>, K: number, classNames?: readonly string[]): ConfusionView {
  const counts = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let x = 0; x < labels.length; x++) counts[labels[x]][preds[x]]++;
  const classes = Array.from({ length: K }, (_, k) => classNames?.[k] ?? `class ${k}`);
  return {
    classes,
    rows: counts.map((row, t) => {
      const total = row.reduce((a, b) => a + b, 0);
      return {
        label: classes[t],
        total,
        cells: row.map((count, p) => ({ count, level: total ? Math.min(9, Math.ceil((count / total) * 9)) : 0, diagonal: p === t })),
      };
    }),
  };
}

export interface CellDetailsInput {
  readonly result: CellResult;
  readonly predictions?: ValidatedPredictions;
  readonly classNames?: readonly string[];
  /** Draw the loss-curve chart (false past the report's chart budget). */
  readonly drawChart: boolean;
}

export function buildCellDetails(input: CellDetailsInput): CellDetailsView {
  const r = input.result;
  const folds = [...r.folds].sort((a, b) => a.repeat - b.repeat || a.fold - b.fold);
  const repeats = new Set(folds.map((f) => f.repeat)).size;
  const m = input.predictions ? input.predictions.ids.indexOf(r.cellId) : -1;
  const confusion =
    m >= 0 && input.predictions ? confusionMatrix(input.predictions.labels, input.predictions.preds[m], input.predictions.numClasses, input.classNames) : null;
  const chart = input.drawChart ? lossCurvesChart(`loss-${r.cellId}`, folds) : null;
  const backend = r.backend ? `${r.backend.name}${r.backend.device ? ` (${r.backend.device})` : ''}` : 'n/a';
  return {
    cellId: r.cellId,
    state: r.state,
    summary: `${(r.durationMs / 1000).toFixed(1)} s · backend ${backend} · ${folds.length} fold(s) measured`,
    lossChart: chart,
    lossNote:
      chart || !folds.length
        ? ''
        : 'Loss-curve chart not drawn (this report draws them for its first cells only; see --cell-charts). First and last epoch loss are in the table.',
    foldColumns: [
      'fold',
      'train n',
      'held-out n',
      'epochs',
      'loss first → last',
      'train acc',
      'held-out acc',
      'gap (pp)',
      'held-out loss',
      'train time',
      'train samples/s',
    ],
    folds: folds.map((f) => ({
      fold: repeats > 1 ? `r${f.repeat + 1} · ${f.fold + 1}` : String(f.fold + 1),
      cells: [
        String(f.trainSize),
        String(f.heldOutSize),
        f.epochsRun === undefined ? '—' : String(f.epochsRun),
        f.lossCurve?.length ? `${fixed(f.lossCurve[0], 3)} → ${fixed(f.lossCurve[f.lossCurve.length - 1], 3)}` : '—',
        pct(f.train.accuracy),
        pct(f.heldOut.accuracy),
        pp(f.gap),
        fixed(f.heldOut.loss, 3),
        `${(f.trainTimeMs / 1000).toFixed(1)} s`,
        f.trainSamplesPerSec === null ? 'n/a' : rate(f.trainSamplesPerSec),
      ],
    })),
    confusion,
  };
}
