/**
 * Noise floor and attribution: the mean of each pairwise index over pairs that differ only in seed
 * (the "same recipe" ceiling), only in optimizer, only in architecture, or in both. Bars well
 * below the seed bar mean that changing that factor buys diversity beyond reseeding.
 */
import type { AttributionResult } from '../../analysis/attribution.js';
import type { ChartView } from '../types.js';

export const GROUP_LABELS = {
  seed: 'seed only (same recipe)',
  optimizer: 'optimizer only',
  architecture: 'architecture only',
  both: 'architecture and optimizer',
} as const;

export function attributionChart(id: string, byIndex: Array<{ index: string; result: AttributionResult }>): ChartView | null {
  const values = byIndex.flatMap(({ index, result }) => (Object.keys(GROUP_LABELS) as Array<keyof typeof GROUP_LABELS>).flatMap((g) =>
    result[g].mean === null ? [] : [{ index, group: GROUP_LABELS[g], mean: result[g].mean, pairs: result[g].pairs, label: result[g].mean!.toFixed(2) }]));
  if (!values.length) return null;
  const groups = Object.values(GROUP_LABELS);
  return {
    id,
    title: 'Noise floor and attribution',
    caption: 'Mean of each index over the pairs of models that differ only in seed (the "same recipe" ceiling: how alike reseeding leaves them), only in optimizer, only in architecture, or in both. The lower a bar sits below the seed bar, the more diversity that change buys.',
    spec: {
      data: { values },
      facet: { column: { field: 'index', type: 'nominal', title: null, sort: byIndex.map((b) => b.index), header: { labelFontSize: 12, labelFontWeight: 600 } } },
      spec: {
        width: 190, height: 180,
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              x: { field: 'group', type: 'nominal', sort: groups, title: null, axis: { labels: false, ticks: false } },
              y: { field: 'mean', type: 'quantitative', title: 'mean over pairs', scale: { domain: [0, 1] } },
              color: { field: 'group', type: 'nominal', sort: groups, title: 'pairs differing in', scale: { range: ['#1d4ed8', '#60a5fa', '#f59e0b', '#dc2626'] }, legend: { orient: 'bottom', direction: 'horizontal', labelLimit: 0, columns: 2 } },
            },
          },
          {
            mark: { type: 'text', dy: -6, fontSize: 10 },
            encoding: { x: { field: 'group', type: 'nominal', sort: groups }, y: { field: 'mean', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      },
      resolve: { scale: { y: 'shared' } },
    },
  };
}
