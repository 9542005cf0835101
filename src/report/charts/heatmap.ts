/**
 * Error-consistency heatmap (docs/metrics.md §8: ordered by architecture and optimizer, κ_max beside).
 * Per model up to MAX_HEATMAP_MODELS models; above that the matrix is averaged per recipe
 * (architecture × optimizer, over seeds), so a 500-cell run still gives a readable, small chart.
 *
 * Drawn as hand-written SVG rather than through vega, because a reader needs what vega's static
 * SVG cannot give: a `<title>` tooltip on every cell (the pair, κ and both accuracies), labels
 * that cannot overlap (rows carry the full name with a number, columns carry only the number;
 * font size follows the cell size), separators between architecture groups, and a diverging
 * colour scale on [−1, 1] so a negative κ (errors rarer together than chance) never looks like 0.
 */
import type { ModelFactors } from '../../analysis/index.js';
import { fixed, pct, plural } from '../format.js';
import type { ChartView } from '../types.js';
import { clusterOrder } from './cluster-order.js';

export const MAX_HEATMAP_MODELS = 48;
/** Values are printed in the cells up to this many rows. */
export const HEATMAP_VALUES_UP_TO = 24;

export type HeatmapOrder = 'factors' | 'clustered';

export interface HeatmapInput {
  readonly id: string;
  readonly ids: readonly string[];
  readonly factors: readonly (ModelFactors | undefined)[];
  readonly matrix: readonly (readonly (number | null)[])[];
  readonly order: HeatmapOrder;
  readonly title: string;
  readonly measure: string;
  /** Per model: its accuracy (for the tooltips); null or absent when unknown. */
  readonly accuracy?: readonly (number | null)[];
  /** Models from outside the run (baselines): ordered after the run's, labelled with a leading MARK. */
  readonly marked?: readonly boolean[];
  /** Label overrides per model (e.g. a baseline's "cpu-reference: linear / adam / s1"). */
  readonly labels?: readonly (string | undefined)[];
}

/**
 * Marks baseline models in chart labels. ASCII on purpose: symbol glyphs (⧉ ◆) were missing from
 * fonts or drawn detached from rotated axis labels in Chromium.
 */
export const MARK = '*';

/** Diverging RdBu stops on [−1, 1]: red below 0, near-white at 0, blue above. */
const STOPS: ReadonlyArray<readonly [number, readonly [number, number, number]]> = [
  [-1, [103, 0, 31]],
  [-0.5, [214, 96, 77]],
  [0, [247, 247, 247]],
  [0.25, [209, 229, 240]],
  [0.5, [146, 197, 222]],
  [0.75, [67, 147, 195]],
  [1, [5, 48, 97]],
];

/** The heatmap's colour for a κ (clamped to [−1, 1]); grey for an undefined value. */
export function kappaColor(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '#d1d5db';
  const x = Math.max(-1, Math.min(1, v));
  let k = 1;
  while (k < STOPS.length - 1 && STOPS[k][0] < x) k++;
  const [x0, c0] = STOPS[k - 1],
    [x1, c1] = STOPS[k];
  const t = (x - x0) / (x1 - x0);
  const hex = (i: number) =>
    Math.round(c0[i] + t * (c1[i] - c0[i]))
      .toString(16)
      .padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/** White text on dark cells, dark text elsewhere. */
const textColor = (v: number) => (Math.abs(v) > 0.55 ? '#ffffff' : '#1d2330');

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rough width of a string at a font size (system-ui; digits and lowercase ≈ 0.56 em). */
export const textWidth = (s: string, size: number) => [...s].length * size * 0.58;

function truncate(s: string, size: number, max: number): string {
  if (textWidth(s, size) <= max) return s;
  const chars = [...s];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, size) > max) chars.pop();
  return `${chars.join('')}…`;
}

function groupBy(ids: readonly string[], key: (i: number) => string) {
  const groups = new Map<string, number[]>();
  ids.forEach((_, i) => groups.set(key(i), [...(groups.get(key(i)) ?? []), i]));
  return groups;
}

/** The matrix averaged over groups of models (off-diagonal pairs only within a group), with pair counts. */
function aggregate(matrix: HeatmapInput['matrix'], groups: number[][]): { v: (number | null)[][]; n: number[][] } {
  const n: number[][] = [];
  const v = groups.map((a, gi) => {
    n[gi] = [];
    return groups.map((b, gj) => {
      let s = 0,
        c = 0;
      for (const i of a)
        for (const j of b)
          if (i !== j && matrix[i][j] !== null) {
            s += matrix[i][j] as number;
            c++;
          }
      n[gi][gj] = c;
      return c ? s / c : null;
    });
  });
  return { v, n };
}

interface Axis {
  /** Full label per row/column. */
  readonly labels: string[];
  /** Group key per row (separators are drawn where it changes). */
  readonly groups: string[];
  /** Per row: mean accuracy of its models (null when unknown). */
  readonly accuracy: (number | null)[];
  readonly matrix: (number | null)[][];
  /** Per cell: pairs averaged (aggregated mode) or null (per model). */
  readonly pairs: number[][] | null;
  readonly unit: string;
}

function meanOf(values: readonly (number | null | undefined)[]): number | null {
  const v = values.filter((x): x is number => x !== null && x !== undefined && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

function layout(input: HeatmapInput): Axis {
  const f = (i: number) => input.factors[i] ?? {};
  const marked = (i: number) => Number(input.marked?.[i] ?? false);
  const mark = (i: number, label: string) => (marked(i) ? `${MARK} ${label}` : label);
  const acc = (i: number) => input.accuracy?.[i] ?? null;
  /** A network's architecture, or another family's model id (forest, knn, …). */
  const body = (i: number) => f(i).architecture ?? f(i).model ?? f(i).family ?? '?';
  /** Network recipe "arch / optimizer"; other families have no optimizer. */
  const recipe = (i: number) => (f(i).architecture ? `${f(i).architecture} / ${f(i).optimizer ?? '?'}` : body(i));
  const arch = (i: number) => mark(i, input.labels?.[i] !== undefined ? 'baselines' : body(i));
  const byFactors = (a: number, b: number) =>
    marked(a) - marked(b) ||
    (input.labels?.[a] ?? '').localeCompare(input.labels?.[b] ?? '') ||
    body(a).localeCompare(body(b)) ||
    (f(a).optimizer ?? '').localeCompare(f(b).optimizer ?? '') ||
    Number(f(a).seed) - Number(f(b).seed) ||
    input.ids[a].localeCompare(input.ids[b]);
  if (input.ids.length <= MAX_HEATMAP_MODELS) {
    const idx = input.ids.map((_, i) => i);
    const order = input.order === 'clustered' ? clusterOrder(input.matrix) : idx.sort(byFactors);
    let labels = order.map((i) => mark(i, input.labels?.[i] ?? (`${recipe(i)} / s${f(i).seed ?? '?'}`.replace(' / s?', '') || input.ids[i])));
    labels = labels.map((l, k) => (labels.indexOf(l) !== k ? `${l} (${input.ids[order[k]]})` : l));
    return {
      labels,
      groups: order.map(arch),
      accuracy: order.map(acc),
      pairs: null,
      unit: 'model',
      matrix: order.map((i) => order.map((j) => input.matrix[i][j])),
    };
  }
  let groups = groupBy(input.ids, (i) => mark(i, recipe(i)));
  let unit = 'recipe (mean over seeds; diagonal: pairs of seeds)';
  if (groups.size > MAX_HEATMAP_MODELS) {
    groups = groupBy(input.ids, (i) => mark(i, body(i)));
    unit = 'architecture (mean over optimizers and seeds)';
  }
  let entries = [...groups].sort((a, b) => a[0].localeCompare(b[0]));
  const agg = aggregate(
    input.matrix,
    entries.map((e) => e[1]),
  );
  const order = input.order === 'clustered' ? clusterOrder(agg.v) : entries.map((_, i) => i);
  entries = order.map((i) => entries[i]);
  return {
    labels: entries.map((e) => `${e[0]} (${e[1].length})`),
    groups: entries.map((e) => arch(e[1][0])),
    accuracy: entries.map((e) => meanOf(e[1].map(acc))),
    matrix: order.map((i) => order.map((j) => agg.v[i][j])),
    pairs: order.map((i) => order.map((j) => agg.n[i][j])),
    unit,
  };
}

/** The tooltip of one cell: the pair, κ and both accuracies. */
function tooltip(ax: Axis, i: number, j: number, measure: string): string {
  const v = ax.matrix[i][j];
  const a = (k: number) => (ax.accuracy[k] === null ? 'n/a' : pct(ax.accuracy[k] as number, 1));
  const value =
    v === null ? `${measure} undefined` : `${ax.pairs ? 'mean ' : ''}${measure} = ${fixed(v, 3)}${ax.pairs ? ` over ${plural(ax.pairs[i][j], 'pair')}` : ''}`;
  return `${i + 1}. ${ax.labels[i]} × ${j + 1}. ${ax.labels[j]}: ${value}; ${ax.pairs ? 'mean accuracies' : 'accuracies'} ${a(i)} and ${a(j)}`;
}

/** The heatmap's SVG (static, inert: text, rects, lines, one gradient). */
export function heatmapSvg(input: HeatmapInput, ax: Axis = layout(input)): string {
  const M = ax.labels.length;
  const showValues = M <= HEATMAP_VALUES_UP_TO;
  const cell = showValues ? Math.max(26, Math.min(36, 640 / Math.max(M, 1))) : Math.max(10, Math.min(24, 560 / Math.max(M, 1)));
  const font = Math.min(11, Math.max(7, cell - 3));
  const valueFont = Math.min(10, cell / 3.1);
  const rowLabels = ax.labels.map((l, k) => `${k + 1}. ${l}`);
  const labelWidth = Math.min(260, Math.max(...rowLabels.map((l) => textWidth(l, font)), 40) + 6);
  const colFont = Math.min(font, cell - 2);
  const colLabelHeight = Math.max(...rowLabels.map((_, k) => textWidth(String(k + 1), colFont))) + 8;
  const left = Math.round(labelWidth + 22),
    top = Math.round(24 + colLabelHeight);
  const size = cell * M;
  const legendX = Math.round(left + size + 24),
    legendW = 14,
    legendH = Math.max(120, Math.min(size, 220));
  const width = Math.ceil(legendX + legendW + 46),
    height = Math.ceil(top + size + 40);
  const gid = `g-${input.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="heatmap" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, sans-serif">`,
  );
  parts.push(`<title>${esc(input.title)}</title>`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  // Column axis title and number labels (numbers only: the row labels are the legend).
  parts.push(
    `<g class="role-axis-title"><text x="${left + size / 2}" y="14" text-anchor="middle" font-size="12" font-weight="600" fill="#1d2330">column: ${esc(input.ids.length <= MAX_HEATMAP_MODELS ? 'model' : 'group')} number (see rows)</text>`,
  );
  parts.push(
    `<text transform="translate(12,${top + size / 2}) rotate(-90)" text-anchor="middle" font-size="12" font-weight="600" fill="#1d2330">row: ${esc(ax.unit.split(' (')[0])}</text></g>`,
  );
  parts.push('<g class="role-axis-label">');
  for (let j = 0; j < M; j++) {
    const x = left + j * cell + cell / 2;
    parts.push(
      `<text class="col-label" transform="translate(${x.toFixed(1)},${top - 4}) rotate(-90)" dominant-baseline="middle" font-size="${colFont.toFixed(1)}" fill="#374151">${j + 1}<title>${esc(rowLabels[j])}</title></text>`,
    );
  }
  for (let i = 0; i < M; i++) {
    const y = top + i * cell + cell / 2;
    parts.push(
      `<text class="row-label" x="${(left - 6).toFixed(1)}" y="${y.toFixed(1)}" text-anchor="end" dominant-baseline="middle" font-size="${font.toFixed(1)}" fill="#374151">${esc(truncate(rowLabels[i], font, labelWidth))}<title>${esc(rowLabels[i])}</title></text>`,
    );
  }
  parts.push('</g><g class="cells">');
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      const v = ax.matrix[i][j];
      const x = left + j * cell,
        y = top + i * cell;
      const tip = esc(tooltip(ax, i, j, input.measure));
      parts.push(
        `<g class="cell"><title>${tip}</title><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${cell.toFixed(1)}" height="${cell.toFixed(1)}" fill="${kappaColor(v)}" stroke="#ffffff" stroke-width="0.5"/>`,
      );
      if (showValues && v !== null)
        parts.push(
          `<text class="cell-value" x="${(x + cell / 2).toFixed(1)}" y="${(y + cell / 2).toFixed(1)}" text-anchor="middle" dominant-baseline="central" font-size="${valueFont.toFixed(1)}" fill="${textColor(v)}">${fixed(v, 2)}</text>`,
        );
      parts.push('</g>');
    }
  }
  parts.push('</g><g class="separators">');
  for (let k = 1; k < M; k++) {
    if (ax.groups[k] === ax.groups[k - 1]) continue;
    const p = (top + k * cell).toFixed(1),
      q = (left + k * cell).toFixed(1);
    parts.push(`<line x1="${(left - labelWidth).toFixed(1)}" y1="${p}" x2="${left + size}" y2="${p}" stroke="#1d2330" stroke-width="1.5"/>`);
    parts.push(`<line x1="${q}" y1="${top - colLabelHeight}" x2="${q}" y2="${top + size}" stroke="#1d2330" stroke-width="1.5"/>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#9ca3af" stroke-width="1"/>`);
  parts.push('</g>');
  // Legend: the diverging scale with −1, 0 and 1 marked.
  parts.push(
    `<defs><linearGradient id="${gid}" x1="0" y1="1" x2="0" y2="0">${STOPS.map(([s]) => `<stop offset="${((s + 1) / 2).toFixed(3)}" stop-color="${kappaColor(s)}"/>`).join('')}</linearGradient></defs>`,
  );
  parts.push(`<g class="role-legend"><text class="role-legend-title" x="${legendX}" y="${top - 8}" font-size="12" font-weight="600" fill="#1d2330">κ</text>`);
  parts.push(`<rect x="${legendX}" y="${top}" width="${legendW}" height="${legendH}" fill="url(#${gid})" stroke="#9ca3af" stroke-width="0.5"/>`);
  for (const t of [1, 0.5, 0, -0.5, -1]) {
    const y = top + ((1 - t) / 2) * legendH;
    parts.push(
      `<line x1="${legendX + legendW}" y1="${y.toFixed(1)}" x2="${legendX + legendW + 4}" y2="${y.toFixed(1)}" stroke="#6b7280"/><text x="${legendX + legendW + 7}" y="${y.toFixed(1)}" dominant-baseline="middle" font-size="10" fill="#374151">${t === 0 ? '0' : fixed(t, 1).replace('-', '\u2212')}</text>`,
    );
  }
  parts.push(
    `<rect x="${legendX}" y="${top + legendH + 10}" width="${legendW}" height="10" fill="${kappaColor(null)}"/><text x="${legendX + legendW + 7}" y="${top + legendH + 15}" dominant-baseline="middle" font-size="10" fill="#374151">n/a</text></g>`,
  );
  parts.push('</svg>');
  return parts.join('');
}

export function heatmapChart(input: HeatmapInput): ChartView {
  const ax = layout(input);
  const separated = ax.groups.some((g, k) => k > 0 && g !== ax.groups[k - 1]);
  return {
    id: input.id,
    title: input.title,
    caption: `${input.measure} for every pair, one row and column per ${ax.unit}, ordered ${input.order === 'clustered' ? 'by average-linkage clustering (similar models together)' : 'by architecture, then optimizer, then seed'}; columns are numbered as the rows.${separated && input.order !== 'clustered' ? ' Dark lines separate architectures.' : ''} Colour: blue above 0 (errors shared more than their accuracies predict), white at 0 (independent), red below 0 (errors avoid each other); 1 = identical error sets, grey = undefined.${ax.labels.length <= HEATMAP_VALUES_UP_TO ? '' : ` Values are printed in the cells only up to ${HEATMAP_VALUES_UP_TO} rows.`} Hover a cell for the pair, κ and both accuracies.${input.marked?.some(Boolean) ? ` ${MARK} marks baseline models (from outside this run)${input.order === 'clustered' ? '' : ", placed after the run's"}.` : ''}`,
    spec: {},
    svg: heatmapSvg(input, ax),
  };
}
