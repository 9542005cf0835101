/**
 * Model scatter plots: accuracy vs inference throughput with the Pareto front, and
 * generalization gap vs how alike a model is to the others (its mean error-consistency κ).
 */
import type { ChartView } from '../types.js';
import { CHART_CONFIG } from './render-svg.js';

/** The palette every chart's factor levels use (the shared config's category range). */
const FACTOR_COLORS = CHART_CONFIG.range.category;

export interface ModelPoint {
  readonly cellId: string;
  readonly architecture: string;
  readonly optimizer: string;
  readonly accuracy: number;
  readonly throughput: number | null;
  readonly gap: number;
  readonly meanKappa: number | null;
  /** Backend (and device) the cell ran on: throughput is compared only within one. */
  readonly platform?: string;
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
/**
 * One colour per architecture and one shape per optimizer in every chart: the scales' domains are
 * every level among all the models (sorted), not only those a chart keeps, so a level keeps its
 * colour when another chart leaves some cells out.
 */
function pointEncoding(models: readonly ModelPoint[]) {
  const levels = (k: 'architecture' | 'optimizer') => [...new Set(models.map((m) => m[k]))].sort();
  return {
    color: { field: 'architecture', type: 'nominal', title: 'architecture', legend, scale: { domain: levels('architecture'), range: FACTOR_COLORS } },
    shape: { field: 'optimizer', type: 'nominal', title: 'optimizer', legend, scale: { domain: levels('optimizer') } },
  };
}

/**
 * Explicit ticks for a log axis: 1-2-5 steps per decade, thinned to at most 6 (the SVG is laid out
 * in Node, whose text metrics are narrower than a browser's, so vega's overlap removal misses).
 */
export function logTicks(values: readonly number[]): number[] {
  const lo = Math.min(...values),
    hi = Math.max(...values);
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) for (const m of [1, 2, 5]) ticks.push(m * 10 ** e);
  let inside = ticks.filter((t) => t >= lo / 1.05 && t <= hi * 1.05);
  if (inside.length > 6) inside = inside.filter((t) => Number.isInteger(Math.log10(t)));
  if (inside.length < 2) inside = ticks.filter((t) => t >= lo / 10 && t <= hi * 10).slice(0, 4);
  return inside;
}

export function paretoChart(id: string, models: readonly ModelPoint[]): ChartView | null {
  const timed = models.filter((m) => m.throughput !== null && m.throughput > 0);
  // Speeds compare only on one backend and hardware: keep the backend most cells ran on.
  const counts = new Map<string, number>();
  for (const m of timed) counts.set(m.platform ?? '', (counts.get(m.platform ?? '') ?? 0) + 1);
  const platform = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
  const pts = timed.filter((m) => (m.platform ?? '') === platform);
  const left = timed.length - pts.length;
  if (pts.length < 2) return null;
  const front = new Set(paretoFront(pts.map((m) => ({ x: m.throughput as number, y: m.accuracy }))));
  const values = pts.map((m, i) => ({ ...m, onFront: front.has(i) }));
  return {
    id,
    title: 'Accuracy vs inference throughput',
    caption: `Each point is a cell (out-of-fold accuracy vs inference samples/s, log scale). The line joins the Pareto front: the cells no other cell beats on both accuracy and speed.${left ? ` Only the ${pts.length} cells on ${platform || 'one backend'}: ${left} on other backends are left out, since speeds compare only on the same backend and hardware.` : ''}`,
    spec: {
      width: 340,
      height: 240,
      data: { values },
      layer: [
        {
          transform: [{ filter: 'datum.onFront' }],
          mark: { type: 'line', color: '#9ca3af', strokeDash: [5, 3], interpolate: 'step-before' },
          encoding: {
            x: { field: 'throughput', type: 'quantitative', scale: { type: 'log' } },
            y: { field: 'accuracy', type: 'quantitative' },
            order: { field: 'throughput' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 70, opacity: 0.85 },
          encoding: {
            x: {
              field: 'throughput',
              type: 'quantitative',
              title: 'inference samples/s (log)',
              scale: { type: 'log' },
              axis: { format: '~s', values: logTicks(pts.map((m) => m.throughput as number)) },
            },
            y: { field: 'accuracy', type: 'quantitative', title: 'held-out accuracy', scale: { zero: false }, axis: { format: '.1%' } },
            ...pointEncoding(models),
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
    caption:
      'Each point is a cell: its mean error-consistency κ with every other cell (x) against its generalization gap in percentage points (y). Points to the right fail on the same examples as the rest.',
    spec: {
      width: 340,
      height: 240,
      data: { values: values.map((m) => ({ ...m, gapPp: m.gap * 100 })) },
      mark: { type: 'point', filled: true, size: 70, opacity: 0.85 },
      encoding: {
        x: { field: 'meanKappa', type: 'quantitative', title: 'mean κ with the other cells', scale: { zero: false } },
        y: { field: 'gapPp', type: 'quantitative', title: 'gap (pp)', scale: { zero: false } },
        ...pointEncoding(models),
      },
    },
  };
}
