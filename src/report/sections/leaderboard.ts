/**
 * One dataset's leaderboard: completed cells ranked by the primary metric, external rows
 * (baselines) beside them, failed cells at the bottom with their state, and the rows tied with
 * the best marked.
 */
import type { CellResult, CompletedResult } from '../../store/results.js';
import type { ExternalRow } from '../external-rows.js';
import { CELL_METRICS, PRIMARY_METRIC, rankValues, type CellMetric, type ValueWithCi } from '../../analysis/catalog.js';
import { formatterFor, halfWidth } from '../format.js';
import type { BadgeView, ColumnView, LeaderboardRow, TableView } from '../types.js';
import type { AnalysisResult } from '../../analysis/index.js';
import { differenceInterval, splitAccuracies, verdictBadge, verdictWithBest, DEFAULT_ROPE } from './ties.js';
import { cellArchitecture, cellOptimizer } from '../../spec/cell-label.js';

export interface LeaderboardInput {
  readonly results: readonly CellResult[];
  /** ECE per cell id (from the analysis); missing ids show "n/a". */
  readonly ece: ReadonlyMap<string, number | null>;
  readonly external: readonly ExternalRow[];
  /** ECE of external rows by id (from the analysis of the merged predictions). */
  readonly externalEce?: ReadonlyMap<string, number | null>;
  /** One-line diversity contribution of each external row, by id. */
  readonly contributions?: ReadonlyMap<string, string>;
  /** protocol.folds (for the corrected t-test's n_test/n_train). */
  readonly folds: number;
  /** Machines the run's cells ran on (> 1 for a merge of shards from different hardware). */
  readonly machines?: number;
  /** The dataset's analysis (the example-level CI of each row's accuracy difference with the best). */
  readonly analysis?: AnalysisResult | null;
}

interface Candidate {
  readonly id: string;
  readonly architecture: string;
  readonly optimizer: string;
  readonly seed: string;
  readonly values: ValueWithCi[];
  readonly splits?: number[];
  readonly external: ExternalRow | null;
  readonly provenance: string;
}

/**
 * The backend a cell ran on, as the header names it ("tensorflow (NVIDIA H200)", "wasm"); a cell
 * of a family that does not use TensorFlow.js (forest, boosting, an external program) has none.
 */
export function platformOf(r: CompletedResult): string {
  return r.backend ? `${r.backend.name}${r.backend.device ? ` (${r.backend.device})` : ''}` : 'no TensorFlow.js backend';
}

/**
 * Whether a column's best value may be marked: never for a signed metric; for a speed only when
 * every cell shown ran on one backend and one machine (`platforms`: distinct backend/hardware
 * combinations among the rows with a value).
 */
export function bestIsMeaningful(m: CellMetric, platforms: number): boolean {
  if (m.signed) return false;
  return !m.throughput || platforms <= 1;
}

/** The column arrow: ↑/↓ from the direction, none for a signed or neutral metric. */
export const arrowOf = (m: CellMetric): string => (m.signed ? '' : m.direction === 'lower-is-better' ? '↓' : m.direction === 'higher-is-better' ? '↑' : '');

export function stateNote(r: CellResult): string {
  switch (r.state) {
    case 'completed':
      return '';
    case 'diverged':
      return `non-finite loss at fold ${r.diverged.fold + 1}, epoch ${r.diverged.epoch + 1}`;
    case 'errored':
      return r.error.message;
    case 'timed-out':
      return `timed out after ${Math.round(r.timeoutMs / 1000)} s${r.lastProgress ? ` (last: ${r.lastProgress})` : ''}`;
    case 'crashed':
      return r.reason;
  }
}

function fromCell(r: CompletedResult, ece: number | null): Candidate {
  return {
    id: r.cellId,
    architecture: cellArchitecture(r.cell),
    optimizer: cellOptimizer(r.cell),
    seed: String(r.cell.seed),
    values: CELL_METRICS.map((m) => m.compute({ ...r.summary, ece })),
    splits: splitAccuracies(r.folds),
    external: null,
    provenance: '',
  };
}

function fromExternal(x: ExternalRow, ece: number | null): Candidate {
  const metrics: Record<string, number | null> = { ece, ...x.metrics };
  return {
    id: x.id,
    architecture: x.architecture ?? '',
    optimizer: x.optimizer ?? '',
    seed: x.seed ?? '',
    values: CELL_METRICS.map((m) => ({ value: metrics[m.id] ?? null, ci: x.ci?.[m.id] ?? null })),
    splits: x.foldAccuracy ? [...x.foldAccuracy] : undefined,
    external: x,
    provenance: x.provenance,
  };
}

function externalBadge(x: ExternalRow): BadgeView {
  return x.kind === 'external'
    ? {
        text: `external · ${x.baseline}`,
        kind: 'external',
        title: `predictions made outside divbench, submitted as baseline '${x.baseline}' and verified by recomputation`,
      }
    : { text: `baseline · ${x.baseline}`, kind: 'baseline', title: `a divbench run committed as baseline '${x.baseline}', verified by recomputation` };
}

/** "± h", or the clamped "[lo, hi]" when a share's t interval leaves [0, 1] (an accuracy past 0 or 100%). */
export function ciText(m: CellMetric, ci: readonly [number, number] | null, format: (v: number) => string): string {
  if (!ci) return '';
  if (m.format.style === 'percent') {
    const lo = Math.max(0, ci[0]);
    const hi = Math.min(1, ci[1]);
    if (lo !== ci[0] || hi !== ci[1]) return `[${format(lo)}, ${format(hi)}] (clamped)`;
  }
  return halfWidth(ci, format);
}

export function buildLeaderboardTable(input: LeaderboardInput): TableView {
  const completed = input.results.filter((r): r is CompletedResult => r.state === 'completed');
  const candidates = [
    ...completed.map((r) => fromCell(r, input.ece.get(r.cellId) ?? null)),
    ...input.external.map((x) => fromExternal(x, input.externalEce?.get(x.id) ?? null)),
  ];
  const used = CELL_METRICS.map((_, j) => candidates.some((c) => c.values[j].value !== null));
  const metrics = CELL_METRICS.filter((_, j) => used[j]);
  const primary = CELL_METRICS.indexOf(PRIMARY_METRIC);
  const formats = CELL_METRICS.map((m) => formatterFor(m.format));
  const primaryValues = candidates.map((c) => c.values[primary].value);
  const order = candidates.map((_, i) => i).sort((a, b) => (primaryValues[b] ?? -Infinity) - (primaryValues[a] ?? -Infinity));
  const sorted = order.map((i) => candidates[i]);
  const ranks = rankValues(
    sorted.map((c) => c.values[primary].value),
    PRIMARY_METRIC.direction,
  );
  const columnRanks = CELL_METRICS.map((m, j) =>
    rankValues(
      sorted.map((c) => c.values[j].value),
      m.direction,
    ),
  );
  const best = sorted.find((c) => !c.external && c.splits) ?? sorted[0];
  // Speeds are compared only on one backend and one machine (report consistency, issue 16).
  const platforms = new Set(completed.map(platformOf)).size * Math.max(1, input.machines ?? 1);

  const a = input.analysis;
  const bestIdx = best && a ? a.models.indexOf(best.id) : -1;
  const exampleCi = (id: string) => {
    const i = a ? a.models.indexOf(id) : -1;
    const d = a?.bootstrap?.accuracyDifference;
    return i >= 0 && bestIdx >= 0 && d ? differenceInterval(d.lo[i][bestIdx], d.hi[i][bestIdx], a?.bootstrap?.meanAccuracy.resamples ?? 0) : null;
  };
  const rows: LeaderboardRow[] = sorted.map((c, i) => {
    const v = c === best || !best ? null : verdictWithBest(best.splits, c.splits, input.folds, c.external ? null : exampleCi(c.id));
    const badges: BadgeView[] = [];
    if (c.external) badges.push(externalBadge(c.external));
    if (c === best)
      badges.push({
        text: input.external.length ? 'best of run' : 'best',
        kind: 'best',
        title: `highest ${PRIMARY_METRIC.label.toLowerCase()} of this run's cells: the reference of every verdict`,
      });
    // a row with neither paired splits nor an example CI (a baseline on other folds) is not compared
    else if (v && (v.bayes !== null || v.exampleDifference !== null)) badges.push(verdictBadge(v));
    const tie = v ? { tied: v.kind === 'equivalent' } : null;
    const note = c.external?.foldNote ?? '';
    return {
      rank: ranks[i],
      cellId: c.id,
      architecture: c.architecture,
      optimizer: c.optimizer,
      seed: c.seed,
      state: c.external ? 'baseline' : 'completed',
      badges,
      note,
      tied: tie?.tied ?? false,
      external: !!c.external,
      provenance: c.provenance,
      label: c.external?.label ?? '',
      contribution: c.external ? (input.contributions?.get(c.id) ?? '') : '',
      values: CELL_METRICS.flatMap((_m, j) =>
        used[j]
          ? [
              {
                value: c.values[j].value,
                display: c.values[j].value === null ? 'n/a' : formats[j](c.values[j].value as number),
                ci: ciText(CELL_METRICS[j], c.values[j].ci, formats[j]),
                rank: columnRanks[j][i],
                best: columnRanks[j][i] === 1 && bestIsMeaningful(CELL_METRICS[j], platforms),
                cellIds: c.external ? [] : [c.id],
              },
            ]
          : [],
      ),
    };
  });
  for (const r of input.results) {
    if (r.state === 'completed') continue;
    rows.push({
      rank: null,
      cellId: r.cellId,
      architecture: cellArchitecture(r.cell),
      optimizer: cellOptimizer(r.cell),
      seed: String(r.cell.seed),
      state: r.state,
      badges: [{ text: r.state, kind: r.state, title: stateNote(r) }],
      note: stateNote(r),
      tied: false,
      external: false,
      provenance: '',
      label: '',
      contribution: '',
      values: metrics.map(() => ({ value: null, display: '—', ci: '', rank: null, best: false, cellIds: [r.cellId] })),
    });
  }
  const columns: ColumnView[] = metrics.map((m) => ({
    id: m.id,
    label: m.label,
    description: m.description,
    arrow: arrowOf(m),
    sortDir: m.direction === 'higher-is-better' ? 'desc' : 'asc',
  }));
  const notes = [
    `Ranked by ${PRIMARY_METRIC.label.toLowerCase()}. ↑ higher is better, ↓ lower is better; the best value of each such column is bold (not the gap, which is signed: neither end is "better"). Click a header to sort.`,
    ...(platforms > 1
      ? [
          `Throughput is not compared (no bold): the cells ran on ${platforms > new Set(completed.map(platformOf)).size ? 'more than one machine' : `more than one backend (${[...new Set(completed.map(platformOf))].join(', ')})`}; speeds are comparable only on the same backend and hardware.`,
        ]
      : []),
    '± is the half-width of a t-based 95% interval over folds, clamped to [0, 100%] for accuracies (descriptive: folds share training data, so it is too narrow for comparisons).',
    `Verdict against the best cell: the Bayesian correlated t-test over the paired CV splits gives P(worse), P(within ±${(DEFAULT_ROPE * 100).toFixed(0)} pp) and P(better) (hover a badge); "worse", "equivalent" or "better" when one of them reaches 0.95. Otherwise the paired bootstrap CI of the accuracy difference over examples (models fixed) decides "worse on these examples" when it excludes 0 — test-set evidence, not evidence across training randomness — and "undecided" when it does not.`,
  ];
  if (input.external.length) {
    notes.push(
      'Purple rows come from outside this run: "baseline" = a committed divbench run, "external" = predictions made in another framework on the same folds; both verified by recomputing every number from their stored predictions. Their provenance is under the name; throughput is shown only when their hardware fingerprint is this run\'s.',
    );
    if (input.external.some((x) => !x.foldAccuracy))
      notes.push("A baseline row gets a split verdict only when it used this run's folds (same dataset and fold hashes) and as many splits.");
  }
  return { columns, rows, notes };
}
