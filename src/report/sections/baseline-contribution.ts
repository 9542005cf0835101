/**
 * Diversity contribution of each baseline (issue 6, item 5): how the run's headline indices and
 * oracle accuracy change when the baseline's models join its matrix — all of them together (with
 * a paired bootstrap CI over examples) and each model on its own — beside the models' accuracy.
 */
import type { ValueFormat } from '../../analysis/catalog.js';
import { WEIGHTED_INDICES } from '../../analysis/index-catalog.js';
import type { DiversityContribution } from '../../analysis/diversity-contribution.js';
import type { IndexValues } from '../../analysis/index-deltas.js';
import type { ExternalRow } from '../external-rows.js';
import { formatterFor, interval, maybe, pct, plural } from '../format.js';
import type { ContributionView } from '../types.js';

interface DeltaColumn {
  readonly index: string;
  readonly label: string;
  readonly description: string;
  /** Absolute value (the "matrix alone" row). */
  readonly format: (v: number) => string;
  /** A change. */
  readonly delta: (v: number) => string;
}

/** Signed with a real minus sign; an exact 0 shows as ±0. */
export function signed(v: number, digits: number, unit = ''): string {
  const s = Math.abs(v).toFixed(digits);
  if (Number(s) === 0) return `±${s}${unit}`;
  return `${v > 0 ? '+' : '−'}${s}${unit}`;
}

/** A change of a value of that format: a proportion by percentage points, a number by itself. */
function deltaFormat(f: ValueFormat): (v: number) => string {
  return f.style === 'percent' || f.style === 'points' ? (v) => signed(v * 100, f.digits, ' pp') : (v) => signed(v, f.digits);
}

/** One column per weighted index of the catalog. */
export const DELTA_COLUMNS: readonly DeltaColumn[] = WEIGHTED_INDICES.map((i) => ({
  index: i.id,
  label: i.label,
  description: i.description,
  format: formatterFor(i.format),
  delta: deltaFormat(i.format),
}));

/** The indices a leaderboard row's one-line contribution names (the catalog's `summary` entries). */
const SUMMARY_COLUMNS = DELTA_COLUMNS.filter((d) => WEIGHTED_INDICES.find((i) => i.id === d.index)?.summary);

const value = (v: number | null, f: (x: number) => string) => maybe(v, f);

function absoluteCells(values: IndexValues) {
  return DELTA_COLUMNS.map((c) => ({ value: values[c.index] ?? null, display: value(values[c.index] ?? null, c.format), ci: '' }));
}

/** The whole baseline's contribution and each model's, as one table. */
export function buildContribution(c: DiversityContribution, rows: readonly ExternalRow[], runModels: number, resamples: number): ContributionView {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const first = rows[0];
  const kind = first?.kind === 'external' ? 'external' : 'baseline';
  const out: ContributionView['rows'] = [
    {
      label: `this run's matrix alone (${plural(runModels, 'model')})`,
      kind: 'matrix',
      accuracy: '',
      title: 'the indices before any baseline model is added',
      cells: absoluteCells(c.before),
    },
    {
      label: `+ all ${plural(c.models.length, 'model')} of ${c.baseline}`,
      kind: 'whole',
      accuracy: '',
      title: `with the baseline: ${DELTA_COLUMNS.map((d) => `${d.label} ${value(c.after[d.index] ?? null, d.format)}`).join(', ')}`,
      cells: DELTA_COLUMNS.map((d) => {
        const v = c.change[d.index] ?? null;
        const ci = c.changeCi?.[d.index];
        return { value: v, display: value(v, d.delta), ci: ci ? interval(ci.lo, ci.hi, d.delta) : '' };
      }),
    },
    ...c.perModel.map((m) => {
      const r = byId.get(m.key);
      return {
        label: `+ ${r?.label ?? m.key}`,
        kind: 'model',
        accuracy: pct(m.accuracy),
        title: r?.id ?? m.key,
        cells: DELTA_COLUMNS.map((d) => ({ value: m.change[d.index] ?? null, display: value(m.change[d.index] ?? null, d.delta), ci: '' })),
      };
    }),
  ];
  return {
    baseline: c.baseline,
    kind,
    provenance: first?.provenance ?? '',
    columns: DELTA_COLUMNS.map((d) => ({ label: d.label, description: d.description })),
    rows: out,
    ci: c.changeCi
      ? `[ ]: paired percentile bootstrap 95% CI over examples of the change, ${resamples} resamples (the same resample for the matrix with and without the baseline).`
      : 'No CIs (--bootstrap 0).',
  };
}

/** A one-line summary of a model's own contribution for its leaderboard row. */
export function contributionSummary(change: IndexValues): string {
  return `added to the run: ${SUMMARY_COLUMNS.map((d) => `${d.label} ${value(change[d.index] ?? null, d.delta)}`).join(' · ')}`;
}
