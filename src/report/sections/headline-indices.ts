/**
 * The headline homogenization indices of METRICS.md §8 and §10, each with two CIs that say what
 * they cover — over examples with the models fixed (paired bootstrap), and over training seeds and
 * examples (two-level bootstrap; "seed level undefined" with one seed per recipe) — beside the
 * same-recipe reference (pairs that differ only in seed and random streams, a reference rather than
 * a ceiling) and the independence reference; plus the secondary measures for the collapsible table.
 */
import type { AnalysisResult, Interval, PairRegressionResult } from '../../analysis/index.js';
import { formatInterval } from '../../analysis/index.js';
import type { BootstrapCi } from '../../analysis/bootstrap.js';
import { TABLE_INDICES } from '../../analysis/index-catalog.js';
import { fixed, formatterFor, maybe } from '../format.js';
import type { IndexView, ValueCell } from '../types.js';

type Fmt = (v: number) => string;

/** "examples [a, b]" / "seeds + examples [a, b] (3 undefined)" */
function ciPart(label: string, ci: Interval | BootstrapCi | null | undefined, f: Fmt): string {
  if (!ci) return '';
  const full = 'loInfinite' in ci ? ci : { ...ci, loInfinite: false, hiInfinite: false };
  const t = formatInterval(full, f);
  if (!t) return ci.reason ? `${label}: n/a (${ci.reason})` : '';
  const undef = ci.undefinedResamples ? ` (${ci.undefinedResamples} of ${ci.resamples} resamples undefined)` : '';
  return `${label} ${t}${undef}`;
}

function cell(value: number | null, f: Fmt, example?: BootstrapCi | null, twoLevel?: Interval | null): ValueCell {
  const seedLabel = twoLevel?.covers.includes('seeds') ? 'seeds + examples' : '';
  // A two-level interval that covers examples only (a set-valued index such as the Vendi score,
  // or one seed per recipe) stands in for a missing example-only one, under its own label.
  const examples = example ?? (twoLevel && !seedLabel ? twoLevel : null);
  const parts = [ciPart('examples', examples, f), seedLabel ? ciPart(seedLabel, twoLevel, f) : ''].filter(Boolean);
  return { value, display: maybe(value, f), ci: parts.join(' · '), rank: null, best: false, cellIds: [] };
}

/** The same-recipe reference: the index over pairs that differ only in seed and random streams. */
const sameRecipe = (a: PairRegressionResult | undefined, f: Fmt) => {
  const r = a?.sameRecipeReference;
  if (!r || r.mean === null) return a ? '— (no two models share a recipe)' : '—';
  const ci = r.ci && r.ci.lo !== null && r.ci.hi !== null ? ` [${f(r.ci.lo)}, ${f(r.ci.hi)}]` : '';
  return `${f(r.mean)}${ci} (${r.pairs} pairs)`;
};

/** One row per index of the catalog's indices table (analysis/index-catalog.ts). */
export function headlineIndices(a: AnalysisResult): IndexView[] {
  return TABLE_INDICES.map((i) => {
    const f = formatterFor(i.format);
    const e = i.fromAnalysis!(a);
    const detail = i.detail?.(a);
    return {
      id: i.id,
      label: i.qualifier ? `${i.label} (${i.qualifier(a)})` : i.label,
      description: detail ? `${i.description} (${detail})` : i.description,
      value: cell(e.value, f, e.ci, e.seedCi ?? null),
      sameRecipe: i.sameRecipe ? sameRecipe(i.sameRecipe(a), f) : '—',
      reference: i.reference?.(a, f) ?? '',
    };
  });
}

export function secondaryMeasures(a: AnalysisResult): Array<{ label: string; value: string }> {
  const d = a.diversity;
  const sf = a.systemicFailure;
  const k3 = (v: number | null | undefined) => maybe(v, (x) => fixed(x, 3));
  return [
    { label: 'Fleiss κ on labels', value: k3(d.fleissKappaLabels) },
    { label: 'Fleiss κ on correctness (= interrater κ)', value: k3(d.fleissKappaCorrectness) },
    { label: 'Cohen κ on labels (mean pair)', value: k3(d.cohenKappaLabels.mean) },
    { label: 'Label agreement (mean pair)', value: k3(d.labelAgreement.mean) },
    { label: 'Disagreement (mean pair)', value: k3(d.disagreement.mean) },
    { label: 'Double fault (mean pair)', value: k3(d.doubleFault.mean) },
    { label: "Yule's Q (mean pair)", value: k3(d.q.mean) },
    { label: 'Correlation ρ (mean pair)', value: k3(d.rho.mean) },
    { label: 'Kohavi–Wolpert variance', value: k3(d.kohaviWolpert) },
    { label: 'Entropy E', value: k3(d.entropy) },
    { label: 'Difficulty θ', value: k3(d.difficulty) },
    { label: 'Generalized diversity GD', value: k3(d.generalizedDiversity) },
    { label: 'Coincident-failure diversity CFD', value: k3(d.coincidentFailureDiversity) },
    { label: 'Over-dispersion D_PB of the failure count', value: k3(sf.overdispersion) },
    { label: 'TV distance to the independence histogram', value: k3(sf.tvDistance) },
    { label: 'h_success (all right, observed / independent)', value: k3(sf.hSuccess) },
    ...(a.cka ? [{ label: 'Linear CKA, biased (mean pair)', value: k3(a.cka.biased.mean) }] : []),
  ];
}
