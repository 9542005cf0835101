/**
 * The headline homogenization indices of METRICS.md §8, each with its bootstrap CI, beside the
 * seed-only ("same recipe") value as the ceiling and the independence reference; plus the
 * secondary measures for the collapsible table.
 */
import type { AnalysisResult } from '../../analysis/index.js';
import type { BootstrapCi } from '../../analysis/bootstrap.js';
import type { AttributionResult } from '../../analysis/attribution.js';
import { fixed, interval, maybe, pct } from '../format.js';
import type { IndexView, ValueCell } from '../types.js';

function cell(value: number | null, format: (v: number) => string, ci?: BootstrapCi | null): ValueCell {
  const ciText = ci ? interval(ci.lo, ci.hi, format) : '';
  return { value, display: maybe(value, format), ci: ciText ? `95% CI ${ciText}` : '', rank: null, best: false, cellIds: [] };
}

const ceiling = (a: AttributionResult | undefined, f: (v: number) => string) =>
  a?.seed.mean === null || a?.seed.mean === undefined ? '—' : `${f(a.seed.mean)} (${a.seed.pairs} pairs)`;

export function headlineIndices(a: AnalysisResult): IndexView[] {
  const b = a.bootstrap;
  const sf = a.systemicFailure;
  const k3 = (v: number) => fixed(v, 3);
  const sfPct = (v: number) => pct(v, 2);
  const out: IndexView[] = [
    {
      id: 'mean-accuracy', label: 'Mean accuracy', description: 'Mean out-of-fold accuracy of the models',
      value: cell(a.meanAccuracy, pct, b?.meanAccuracy), ceiling: '—', reference: '',
    },
    {
      id: 'oracle', label: 'Oracle accuracy', description: 'Share of examples at least one model gets right (1 − SFR_obs)',
      value: cell(a.oracleAccuracy, pct, b?.oracleAccuracy), ceiling: '—', reference: `if independent: ${pct(1 - sf.independent)}`,
    },
    {
      id: 'error-consistency', label: 'Error consistency κ̄_EC', description: 'Mean pairwise Cohen κ on correctness (Geirhos et al. 2020): do the models fail on the same examples, beyond what their accuracies imply?',
      value: cell(a.errorConsistency.mean, k3, b?.errorConsistencyMean), ceiling: ceiling(a.attribution?.errorConsistency, k3),
      reference: `0 = independent errors · mean κ_max ${maybe(a.errorConsistency.meanKappaMax, k3)}`,
    },
    {
      id: 'systemic-failure', label: 'Systemic failure rate', description: 'Share of examples every model gets wrong (SFR_obs)',
      value: cell(sf.observed, sfPct, b?.systemicFailureObserved), ceiling: '—', reference: `if independent: ${sf.independent < 1e-4 ? sf.independent.toExponential(1) : sfPct(sf.independent)}`,
    },
    {
      id: 'log2h', label: 'log₂ H_sys', description: 'log₂(SFR_obs / SFR_indep): how many doublings more all-fail examples than independence predicts (Bommasani et al. 2022)',
      value: cell(sf.log2h, (v) => fixed(v, 2), b?.log2h), ceiling: '—', reference: '0 = as independent',
    },
    {
      id: 'nsf', label: 'Normalised systemic failure', description: 'NSF ∈ [−1, 1]: SFR_obs between independence (0) and its Fréchet bound (1); comparable across datasets',
      value: cell(sf.nsf, k3, b?.nsf), ceiling: '—', reference: '0 = independent, 1 = maximal',
    },
    {
      id: 'capa', label: `CAPA κ̄_p (${a.capa.kind})`, description: 'Mean pairwise CAPA (Goel et al. 2025): agreement on the answer itself, including which wrong answer, adjusted for accuracy',
      value: cell(a.capa.mean, k3, b?.capaMean.lo === null ? null : b?.capaMean), ceiling: ceiling(a.attribution?.capa, k3), reference: '0 = chance agreement given accuracy',
    },
    {
      id: 'cka', label: 'Representational CKA̅', description: 'Mean pairwise debiased linear CKA of the penultimate-layer features of the probe examples, within folds (not bootstrapped: duplicated examples bias HSIC)',
      value: cell(a.cka?.mean ?? null, k3), ceiling: ceiling(a.attribution?.cka, k3), reference: a.cka ? '0 = unrelated, 1 = same up to rotation and scale' : 'no model exposed features',
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
