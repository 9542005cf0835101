/**
 * Diversity contribution of each baseline (issue 6, item 5): how the run's headline indices and
 * oracle accuracy change when the baseline's models join its matrix — all of them together (with
 * a paired bootstrap CI over examples) and each model on its own — beside the models' accuracy.
 */
import type { DiversityContribution } from '../../analysis/diversity-contribution.js';
import type { DeltaIndex, IndexValues } from '../../analysis/weighted-headline.js';
import type { ExternalRow } from '../external-rows.js';
import { fixed, interval, maybe, pct, plural } from '../format.js';
import type { ContributionView } from '../types.js';

interface DeltaColumn {
  readonly index: DeltaIndex;
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

export const DELTA_COLUMNS: readonly DeltaColumn[] = [
  { index: 'meanAccuracy', label: 'mean accuracy', description: 'Mean out-of-fold accuracy of the matrix\'s models', format: pct, delta: (v) => signed(v * 100, 2, ' pp') },
  { index: 'oracleAccuracy', label: 'oracle accuracy', description: 'Share of examples at least one model gets right: up = the baseline gets right examples no run model does', format: pct, delta: (v) => signed(v * 100, 2, ' pp') },
  { index: 'errorConsistency', label: 'κ̄_EC', description: 'Mean pairwise error consistency: down = the baseline\'s errors are less alike the run\'s than the run\'s models are to each other', format: (v) => fixed(v, 3), delta: (v) => signed(v, 3) },
  { index: 'capaDiscrete', label: 'CAPA κ̄ (discrete, labels only)', description: 'Mean pairwise CAPA from predicted labels only (the discrete form, so models without probabilities count). A different quantity from the indices table\'s probabilistic CAPA κ̄_p, which weighs each answer by its probability: the two values need not agree. Down = less alike', format: (v) => fixed(v, 3), delta: (v) => signed(v, 3) },
  { index: 'log2h', label: 'log₂ H_sys', description: 'Doublings of all-fail examples over independence. It grows with every model added even when that model changes nothing (independence predicts ever fewer all-fail examples), so compare baselines by NSF', format: (v) => fixed(v, 2), delta: (v) => signed(v, 2) },
  { index: 'nsf', label: 'NSF', description: 'Normalised systemic failure: down = closer to independent failures', format: (v) => fixed(v, 3), delta: (v) => signed(v, 3) },
];

const value = (v: number | null, f: (x: number) => string) => maybe(v, f);

function absoluteCells(values: IndexValues) {
  return DELTA_COLUMNS.map((c) => ({ value: values[c.index], display: value(values[c.index], c.format), ci: '' }));
}

/** The whole baseline's contribution and each model's, as one table. */
export function buildContribution(c: DiversityContribution, rows: readonly ExternalRow[], runModels: number, resamples: number): ContributionView {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const first = rows[0];
  const kind = first?.kind === 'external' ? 'external' : 'baseline';
  const out: ContributionView['rows'] = [
    { label: `this run's matrix alone (${plural(runModels, 'model')})`, kind: 'matrix', accuracy: '', title: 'the indices before any baseline model is added', cells: absoluteCells(c.before) },
    {
      label: `+ all ${plural(c.models.length, 'model')} of ${c.baseline}`, kind: 'whole', accuracy: '', title: `with the baseline: ${DELTA_COLUMNS.map((d) => `${d.label} ${value(c.after[d.index], d.format)}`).join(', ')}`,
      cells: DELTA_COLUMNS.map((d) => {
        const v = c.change[d.index];
        const ci = c.changeCi?.[d.index];
        return { value: v, display: value(v, d.delta), ci: ci ? interval(ci.lo, ci.hi, d.delta) : '' };
      }),
    },
    ...c.perModel.map((m) => {
      const r = byId.get(m.key);
      return {
        label: `+ ${r?.label ?? m.key}`, kind: 'model', accuracy: pct(m.accuracy), title: r?.id ?? m.key,
        cells: DELTA_COLUMNS.map((d) => ({ value: m.change[d.index], display: value(m.change[d.index], d.delta), ci: '' })),
      };
    }),
  ];
  return {
    baseline: c.baseline,
    kind,
    provenance: first?.provenance ?? '',
    columns: DELTA_COLUMNS.map((d) => ({ label: d.label, description: d.description })),
    rows: out,
    ci: c.changeCi ? `[ ]: paired percentile bootstrap 95% CI over examples of the change, ${resamples} resamples (the same resample for the matrix with and without the baseline).` : 'No CIs (--bootstrap 0).',
  };
}

/** A one-line summary of a model's own contribution for its leaderboard row. */
export function contributionSummary(change: Record<DeltaIndex, number | null>): string {
  const pick = DELTA_COLUMNS.filter((d) => ['oracleAccuracy', 'errorConsistency', 'nsf'].includes(d.index));
  return `added to the run: ${pick.map((d) => `${d.label} ${value(change[d.index], d.delta)}`).join(' · ')}`;
}
