/**
 * Model scatter plots: accuracy vs inference throughput with the Pareto front, and
 * generalization gap vs how alike a model is to the others (its mean error-consistency κ).
 */
import type { ChartView } from '../types.js';

export interface ModelPoint {
  readonly cellId: string;
  readonly architecture: string;
  readonly optimizer: string;
  readonly accuracy: number;
  readonly throughput: number | null;
  readonly gap: number;
  readonly meanKappa: number | null;
}

/** Indices of the points no other point beats on both accuracy and throughput (higher is better). */
export function paretoFront(points: ReadonlyArray<{ x: number; y: number }>): number[] {
  return points
    .map((p, i) => ({ p, i }))
    .filter(({ p, i }) => !points.some((q, j) => j !== i && q.x >= p.x && q.y >= p.y && (q.x > p.x || q.y > p.y)))
    .sort((a, b) => a.p.x - b.p.x)
    .map((e) => e.i);
}

const legend = { orient: 'right' as const };
const pointEncoding = {
  color: { field: 'architecture', type: 'nominal', title: 'architecture', legend },
  shape: { field: 'optimizer', type: 'nominal', title: 'optimizer', legend },
};

export function paretoChart(id: string, models: readonly ModelPoint[]): ChartView | null {
  const pts = models.filter((m) => m.throughput !== null && m.throughput > 0);
  if (pts.length < 2) return null;
  const front = new Set(paretoFront(pts.map((m) => ({ x: m.throughput as number, y: m.accuracy }))));
  const values = pts.map((m, i) => ({ ...m, onFront: front.has(i) }));
  return {
    id,
    title: 'Accuracy vs inference throughput',
    caption: 'Each point is a cell (out-of-fold accuracy vs inference samples/s, log scale). The line joins the Pareto front: the cells no other cell beats on both accuracy and speed.',
    spec: {
      width: 340, height: 240,
      data: { values },
      layer: [
        {
          transform: [{ filter: 'datum.onFront' }],
          mark: { type: 'line', color: '#9ca3af', strokeDash: [5, 3], interpolate: 'step-before' },
          encoding: { x: { field: 'throughput', type: 'quantitative', scale: { type: 'log' } }, y: { field: 'accuracy', type: 'quantitative' }, order: { field: 'throughput' } },
        },
        {
          mark: { type: 'point', filled: true, size: 70, opacity: 0.85 },
          encoding: {
            x: { field: 'throughput', type: 'quantitative', title: 'inference samples/s (log)', scale: { type: 'log' } },
            y: { field: 'accuracy', type: 'quantitative', title: 'held-out accuracy', scale: { zero: false }, axis: { format: '.1%' } },
            ...pointEncoding,
          },
        },
      ],
    },
  };
}

export function gapKappaChart(id: string, models: readonly ModelPoint[]): ChartView | null {
  const values = models.filter((m) => m.meanKappa !== null);
  if (values.length < 2) return null;
  return {
    id,
    title: 'Generalization gap vs how alike a model is to the others',
    caption: "Each point is a cell: its mean error-consistency κ with every other cell (x) against its generalization gap in percentage points (y). Points to the right fail on the same examples as the rest.",
    spec: {
      width: 340, height: 240,
      data: { values: values.map((m) => ({ ...m, gapPp: m.gap * 100 })) },
      mark: { type: 'point', filled: true, size: 70, opacity: 0.85 },
      encoding: {
        x: { field: 'meanKappa', type: 'quantitative', title: 'mean κ with the other cells', scale: { zero: false } },
        y: { field: 'gapPp', type: 'quantitative', title: 'gap (pp)', scale: { zero: false } },
        ...pointEncoding,
      },
    },
  };
}
