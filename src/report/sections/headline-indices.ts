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
import { fixed, maybe, pct } from '../format.js';
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
  const parts = [ciPart('examples', example, f), seedLabel ? ciPart(seedLabel, twoLevel, f) : ''].filter(Boolean);
  return { value, display: maybe(value, f), ci: parts.join(' · '), rank: null, best: false, cellIds: [] };
}

/** The same-recipe reference: the index over pairs that differ only in seed and random streams. */
const sameRecipe = (a: PairRegressionResult | undefined, f: Fmt) => {
  const r = a?.sameRecipeReference;
  if (!r || r.mean === null) return a ? '— (no two models share a recipe)' : '—';
  const ci = r.ci && r.ci.lo !== null && r.ci.hi !== null ? ` [${f(r.ci.lo)}, ${f(r.ci.hi)}]` : '';
  return `${f(r.mean)}${ci} (${r.pairs} pairs)`;
};

export function headlineIndices(a: AnalysisResult): IndexView[] {
  const b = a.bootstrap;
  const t = a.twoLevel;
  const sf = a.systemicFailure;
  const k3 = (v: number) => fixed(v, 3);
  const sfPct = (v: number) => pct(v, 2);
  const hm = a.log2hFixedM;
  const ve = a.vendi.errorConsistency;
  const zero = t?.zeroAllFailResamples ?? 0;
  const out: IndexView[] = [
    {
      id: 'mean-accuracy', label: 'Mean accuracy', description: 'Mean out-of-fold accuracy of the models',
      value: cell(a.meanAccuracy, pct, b?.meanAccuracy, t?.meanAccuracy), sameRecipe: '—', reference: '',
    },
    {
      id: 'vendi', label: 'Effective number of models', description: `Vendi score (Friedman & Dieng 2023) of the error-consistency matrix: exp of the entropy of the eigenvalues of K/M, κ clipped to [0, 1]. ${a.models.length} = pairwise unrelated errors, 1 = identical`,
      value: cell(ve.value, (v) => fixed(v, 2), null, t?.vendi ?? null), sameRecipe: '—', reference: `of ${a.models.length} models`,
    },
    {
      id: 'oracle', label: 'Oracle accuracy', description: 'Share of examples at least one model gets right (1 − SFR_obs)',
      value: cell(a.oracleAccuracy, pct, b?.oracleAccuracy, t?.oracleAccuracy), sameRecipe: '—', reference: `if independent: ${pct(1 - sf.independent)}`,
    },
    {
      id: 'error-consistency', label: 'Error consistency κ̄_EC', description: 'Mean pairwise Cohen κ on correctness (Geirhos et al. 2020): do the models fail on the same examples, beyond what their accuracies imply? Pairs with an always-right (or always-wrong) model are flagged and left out (their κ = 0 is degenerate)',
      value: cell(a.errorConsistency.mean, k3, b?.errorConsistencyMean, t?.errorConsistencyMean), sameRecipe: sameRecipe(a.attribution?.errorConsistency, k3),
      reference: `0 = independent errors · mean κ_max ${maybe(a.errorConsistency.meanKappaMax, k3)}${a.errorConsistency.degeneratePairs.length ? ` · ${a.errorConsistency.degeneratePairs.length} degenerate pair(s) left out` : ''}`,
    },
    {
      id: 'systemic-failure', label: 'Systemic failure rate', description: 'Share of examples every model gets wrong (SFR_obs)',
      value: cell(sf.observed, sfPct, b?.systemicFailureObserved, t?.systemicFailureObserved), sameRecipe: '—', reference: `if independent: ${sf.independent < 1e-4 ? sf.independent.toExponential(1) : sfPct(sf.independent)}`,
    },
    {
      id: 'log2h', label: 'log₂ H_sys', description: `log₂(SFR_obs / SFR_indep) over all ${a.models.length} models: doublings more all-fail examples than independence predicts (Bommasani et al. 2022). Grows with the number of models: compare suites with log₂ H_m. A resample with no all-fail example has log₂ H = −∞ and stays in the percentiles${zero ? ` (${zero} two-level resamples)` : ''}`,
      value: cell(sf.log2h, (v) => fixed(v, 2), b?.log2h, t?.log2h), sameRecipe: '—', reference: '0 = as independent',
    },
    {
      id: 'log2hm', label: `log₂ H at m = ${hm.m}`, description: `Mean of log₂ H over ${hm.exhaustive ? 'all' : hm.subsets + ' random'} ${hm.m}-model subsets: comparable across suites of different size. ${(hm.zeroShare * 100).toFixed(1)}% of the subsets have no all-fail example (log₂ H = −∞) and are left out of the mean${hm.undefinedSubsets ? `; ${hm.undefinedSubsets} contain a perfect model (undefined)` : ''}. No CI`,
      value: cell(hm.value, (v) => fixed(v, 2)), sameRecipe: '—', reference: `m = ${hm.m} · 0 = as independent`,
    },
    {
      id: 'nsf', label: 'Normalised systemic failure', description: 'NSF ∈ [−1, 1]: SFR_obs between independence (0) and its Fréchet bound (1); comparable across datasets. On a resample with no all-fail example it takes its lower branch, (0 − SFR_indep)/(SFR_indep − SFR_min) = −1 when SFR_min = 0, which widens the CI downwards',
      value: cell(sf.nsf, k3, b?.nsf, t?.nsf), sameRecipe: '—', reference: '0 = independent, 1 = maximal',
    },
    {
      id: 'capa', label: `CAPA κ̄_p (${a.capa.kind})`, description: 'Mean pairwise CAPA (Goel et al. 2025): agreement on the answer itself, including which wrong answer, adjusted for accuracy. The seeds + examples CI uses the discrete variant',
      value: cell(a.capa.mean, k3, b?.capaMean.lo === null ? null : b?.capaMean, a.capa.kind === 'discrete' ? t?.capaDiscreteMean : null), sameRecipe: sameRecipe(a.attribution?.capa, k3), reference: '0 = chance agreement given accuracy',
    },
    {
      id: 'cka', label: 'Representational CKA̅', description: 'Mean pairwise debiased linear CKA of the penultimate-layer features of the probe examples, within folds (not bootstrapped: duplicated examples bias HSIC)',
      value: cell(a.cka?.mean ?? null, k3), sameRecipe: sameRecipe(a.attribution?.cka, k3), reference: a.cka ? '0 = unrelated, 1 = same up to rotation and scale' : 'no model exposed features',
    },
  ];
  return out;
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
