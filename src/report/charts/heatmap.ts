/**
 * Error-consistency heatmap (METRICS.md §8: ordered by architecture and optimizer, κ_max beside).
 * Per model up to MAX_MODELS models; above that the matrix is averaged per recipe (architecture ×
 * optimizer, over seeds), so a 500-cell run still gives a readable, small chart.
 */
import type { ModelFactors } from '../../analysis/index.js';
import type { ChartView } from '../types.js';
import { clusterOrder } from './cluster-order.js';

export const MAX_HEATMAP_MODELS = 48;

export type HeatmapOrder = 'factors' | 'clustered';

export interface HeatmapInput {
  readonly id: string;
  readonly ids: readonly string[];
  readonly factors: readonly (ModelFactors | undefined)[];
  readonly matrix: readonly (readonly (number | null)[])[];
  readonly order: HeatmapOrder;
  readonly title: string;
  readonly measure: string;
  /** Models from outside the run (baselines): ordered after the run's, labelled with a leading ⧉. */
  readonly marked?: readonly boolean[];
  /** Label overrides per model (e.g. a baseline's "cpu-reference: linear / adam / s1"). */
  readonly labels?: readonly (string | undefined)[];
}

/**
 * Marks baseline models in chart labels. ASCII on purpose: symbol glyphs (⧉ ◆) were missing from
 * fonts or drawn detached from rotated axis labels in Chromium.
 */
export const MARK = '*';

function groupBy(ids: readonly string[], key: (i: number) => string) {
  const groups = new Map<string, number[]>();
  ids.forEach((_, i) => groups.set(key(i), [...(groups.get(key(i)) ?? []), i]));
  return groups;
}

/** The matrix averaged over groups of models (off-diagonal pairs only within a group). */
function aggregate(matrix: HeatmapInput['matrix'], groups: number[][]): (number | null)[][] {
  return groups.map((a) => groups.map((b) => {
    let s = 0, n = 0;
    for (const i of a) for (const j of b) if (i !== j && matrix[i][j] !== null) { s += matrix[i][j] as number; n++; }
    return n ? s / n : null;
  }));
}

export function heatmapChart(input: HeatmapInput): ChartView {
  const f = (i: number) => input.factors[i] ?? {};
  const marked = (i: number) => Number(input.marked?.[i] ?? false);
  const mark = (i: number, label: string) => (marked(i) ? `${MARK} ${label}` : label);
  let labels: string[];
  let matrix: (number | null)[][];
  let unit = 'model';
  const byFactors = (a: number, b: number) =>
    marked(a) - marked(b) || (input.labels?.[a] ?? '').localeCompare(input.labels?.[b] ?? '') || (f(a).architecture ?? '').localeCompare(f(b).architecture ?? '') || (f(a).optimizer ?? '').localeCompare(f(b).optimizer ?? '') || Number(f(a).seed) - Number(f(b).seed) || input.ids[a].localeCompare(input.ids[b]);
  if (input.ids.length <= MAX_HEATMAP_MODELS) {
    const idx = input.ids.map((_, i) => i);
    const order = input.order === 'clustered' ? clusterOrder(input.matrix) : idx.sort(byFactors);
    labels = order.map((i) => mark(i, input.labels?.[i] ?? (`${f(i).architecture ?? '?'} / ${f(i).optimizer ?? '?'} / s${f(i).seed ?? '?'}`.replace(' / s?', '') || input.ids[i])));
    labels = labels.map((l, k) => (labels.indexOf(l) !== k ? `${l} (${input.ids[order[k]]})` : l));
    matrix = order.map((i) => order.map((j) => input.matrix[i][j]));
  } else {
    let groups = groupBy(input.ids, (i) => mark(i, `${f(i).architecture ?? '?'} / ${f(i).optimizer ?? '?'}`));
    unit = 'recipe (mean over seeds; diagonal: pairs of seeds)';
    if (groups.size > MAX_HEATMAP_MODELS) {
      groups = groupBy(input.ids, (i) => mark(i, f(i).architecture ?? '?'));
      unit = 'architecture (mean over optimizers and seeds)';
    }
    let entries = [...groups].sort((a, b) => a[0].localeCompare(b[0]));
    const agg = aggregate(input.matrix, entries.map((e) => e[1]));
    const order = input.order === 'clustered' ? clusterOrder(agg) : entries.map((_, i) => i);
    entries = order.map((i) => entries[i]);
    labels = entries.map((e) => `${e[0]} (${e[1].length})`);
    matrix = order.map((i) => order.map((j) => agg[i][j]));
  }
  const values = labels.flatMap((a, i) => labels.map((b, j) => ({ a, b, v: matrix[i][j], t: matrix[i][j] === null ? '' : matrix[i][j]!.toFixed(2) })));
  const size = Math.min(560, Math.max(160, labels.length * 26));
  const showText = labels.length <= 16;
  return {
    id: input.id,
    title: input.title,
    caption: `${input.measure} for every pair, one row and column per ${unit}, ordered ${input.order === 'clustered' ? 'by average-linkage clustering (similar models together)' : 'by architecture, then optimizer, then seed'}. 0 = errors independent given the accuracies, 1 = identical error sets; blank = undefined.${input.marked?.some(Boolean) ? ` ${MARK} marks baseline models (from outside this run)${input.order === 'clustered' ? '' : ', placed after the run\'s'}.` : ''}`,
    spec: {
      width: size, height: size,
      data: { values },
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            x: { field: 'b', type: 'ordinal', sort: labels, title: null, axis: { labelAngle: -40, labelLimit: 280 } },
            y: { field: 'a', type: 'ordinal', sort: labels, title: null, axis: { labelLimit: 280 } },
            color: { field: 'v', type: 'quantitative', title: 'κ', scale: { scheme: 'blues', domain: [0, 1], clamp: true } },
          },
        },
        ...(showText ? [{
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            x: { field: 'b', type: 'ordinal', sort: labels },
            y: { field: 'a', type: 'ordinal', sort: labels },
            text: { field: 't' },
            color: { condition: { test: 'datum.v > 0.6', value: 'white' }, value: '#1d2330' },
          },
        }] : []),
      ],
    },
  };
}
