/** A cell's training loss per epoch, one line per fold (and repeat). */
import type { FoldResult } from '../../store/results.js';
import type { ChartView } from '../types.js';

export function lossCurvesChart(id: string, folds: readonly FoldResult[]): ChartView | null {
  const repeats = new Set(folds.map((f) => f.repeat)).size;
  const values = folds.flatMap((f) =>
    (f.lossCurve ?? []).map((loss, e) => ({
      fold: repeats > 1 ? `r${f.repeat + 1} fold ${f.fold + 1}` : `fold ${f.fold + 1}`,
      epoch: e + 1,
      loss: Number.isFinite(loss) ? loss : null,
    })),
  );
  if (!values.length) return null;
  return {
    id,
    title: 'Training loss per epoch',
    caption: 'Mean training loss of each epoch as the optimizer saw it (dropout on), one line per fold.',
    spec: {
      width: 300,
      height: 150,
      data: { values },
      mark: { type: 'line', point: { size: 20 }, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'loss', type: 'quantitative', title: 'training loss', scale: { zero: false } },
        color: { field: 'fold', type: 'nominal', title: null, legend: { orient: 'right' } },
      },
    },
  };
}
