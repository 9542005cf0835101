/**
 * The homogenization indices of the catalog (catalog.ts has the shared shape and the cell
 * metrics): each is computed over the models of one dataset — `fromAnalysis` for the report's
 * indices table (value and bootstrap CI), `weighted` on bootstrap-weighted correctness and labels
 * (diversity contribution of a baseline and `compare`'s paired index deltas). An index lacking one
 * of them is not shown there (CKA needs features, which baselines do not store). Adding an index is
 * adding one entry to MATRIX_INDICES.
 */

import type { BootstrapCi } from './bootstrap.js';
import { capaKappa } from './capa.js';
import { KAPPA, PERCENT, type CatalogEntry } from './catalog.js';
import { kappaFromAgreement } from './error-consistency.js';
import type { AnalysisResult } from './headline.js';
import type { Interval } from './interval.js';
import type { PairRegressionResult } from './pair-regression.js';
import { meanOverPairs } from './pair-summary.js';
import type { WeightedBasis } from './weighted-headline.js';

/** An index's value over a dataset's models with its CIs, each saying what it covers. */
export interface IndexEstimate {
  readonly value: number | null;
  /** Paired percentile bootstrap over examples, models fixed (null without a bootstrap). */
  readonly ci: BootstrapCi | null;
  /** Two-level bootstrap over training seeds and examples (absent where it is not computed). */
  readonly seedCi?: Interval | null;
}

export interface MatrixIndex extends CatalogEntry {
  /** The value over a dataset's models and its CIs (the report's indices table). */
  readonly fromAnalysis?: (a: AnalysisResult) => IndexEstimate;
  /** A word on the variant computed, shown after the label (e.g. CAPA's 'probabilistic' or 'discrete'). */
  readonly qualifier?: (a: AnalysisResult) => string;
  /** What the description says about this analysis in particular (model count, subsets, undefined resamples). */
  readonly detail?: (a: AnalysisResult) => string;
  /** Named in one-line summaries (a baseline row's contribution). */
  readonly summary?: boolean;
  /** Needs penultimate-layer features (baselines store none, so no "with baselines" value). */
  readonly needsFeatures?: boolean;
  /** The pairwise regression of this similarity, whose same-recipe reference sits beside the value. */
  readonly sameRecipe?: (a: AnalysisResult) => PairRegressionResult | undefined;
  /** What the value is read against (independence, chance), printed with the index's own format. */
  readonly reference?: (a: AnalysisResult, format: (v: number) => string) => string;
  /** The value under bootstrap weights of examples (all ones: the plain value), from the weighted basis. */
  readonly weighted?: (b: WeightedBasis) => number | null;
}

/** Mean of a pairwise value over model pairs (null below two models). */
const pairMean = (b: WeightedBasis, f: (i: number, j: number) => number | null): number | null => (b.models < 2 ? null : meanOverPairs(b.models, f));

/** Homogenization indices of a dataset's models (METRICS.md §8 and §10), in display order. */
export const MATRIX_INDICES: readonly MatrixIndex[] = [
  {
    id: 'mean-accuracy',
    label: 'Mean accuracy',
    direction: 'higher-is-better',
    format: PERCENT,
    scope: 'pooled',
    description: 'Mean out-of-fold accuracy of the models',
    fromAnalysis: (a) => ({ value: a.meanAccuracy, ci: a.bootstrap?.meanAccuracy ?? null, seedCi: a.twoLevel?.meanAccuracy }),
    weighted: (b) => b.accuracy.reduce((x, y) => x + y, 0) / b.models,
  },
  {
    id: 'vendi',
    label: 'Effective number of models',
    direction: 'neutral',
    format: { style: 'number', digits: 2 },
    scope: 'pairwise',
    description:
      'Vendi score (Friedman & Dieng 2023) of the error-consistency matrix: exp of the entropy of the eigenvalues of K/M, κ clipped to [0, 1]. M = pairwise unrelated errors, 1 = identical',
    detail: (a) => `${a.models.length} models here`,
    fromAnalysis: (a) => ({ value: a.vendi.errorConsistency.value, ci: null, seedCi: a.twoLevel?.vendi ?? null }),
    reference: (a) => `of ${a.models.length} models`,
  },
  {
    id: 'oracle',
    label: 'Oracle accuracy',
    direction: 'higher-is-better',
    format: PERCENT,
    scope: 'pooled',
    description: 'Share of examples at least one model gets right (1 − SFR_obs): up = some model gets right what the others miss',
    summary: true,
    fromAnalysis: (a) => ({ value: a.oracleAccuracy, ci: a.bootstrap?.oracleAccuracy ?? null, seedCi: a.twoLevel?.oracleAccuracy }),
    reference: (a, f) => `if independent: ${f(1 - a.systemicFailure.independent)}`,
    weighted: (b) => b.systemic.oracleAccuracy,
  },
  {
    id: 'error-consistency',
    label: 'Error consistency κ̄_EC',
    direction: 'neutral',
    format: KAPPA,
    scope: 'pairwise',
    description:
      'Mean pairwise Cohen κ on correctness (Geirhos et al. 2020): do the models fail on the same examples, beyond what their accuracies imply? Pairs with an always-right (or always-wrong) model are flagged and left out (their κ = 0 is degenerate)',
    summary: true,
    fromAnalysis: (a) => ({ value: a.errorConsistency.mean, ci: a.bootstrap?.errorConsistencyMean ?? null, seedCi: a.twoLevel?.errorConsistencyMean }),
    sameRecipe: (a) => a.attribution?.errorConsistency,
    reference: (a, f) =>
      `0 = independent errors · mean κ_max ${a.errorConsistency.meanKappaMax === null ? 'n/a' : f(a.errorConsistency.meanKappaMax)}${a.errorConsistency.degeneratePairs.length ? ` · ${a.errorConsistency.degeneratePairs.length} degenerate pair(s) left out` : ''}`,
    weighted: (b) => pairMean(b, (i, j) => kappaFromAgreement(b.correctnessAgreement[i * b.models + j], b.accuracy[i], b.accuracy[j]).value),
  },
  {
    id: 'systemic-failure',
    label: 'Systemic failure rate',
    direction: 'lower-is-better',
    format: PERCENT,
    scope: 'pooled',
    description: 'Share of examples every model gets wrong (SFR_obs)',
    fromAnalysis: (a) => ({ value: a.systemicFailure.observed, ci: a.bootstrap?.systemicFailureObserved ?? null, seedCi: a.twoLevel?.systemicFailureObserved }),
    reference: (a, f) =>
      `if independent: ${a.systemicFailure.independent < 1e-4 ? a.systemicFailure.independent.toExponential(1) : f(a.systemicFailure.independent)}`,
  },
  {
    id: 'log2h',
    label: 'log₂ H_sys',
    direction: 'neutral',
    format: { style: 'number', digits: 2 },
    scope: 'pooled',
    description:
      'log₂(SFR_obs / SFR_indep) over all models: doublings more all-fail examples than independence predicts (Bommasani et al. 2022). Grows with the number of models: compare suites with log₂ H_m. A resample with no all-fail example has log₂ H = −∞ and stays in the percentiles',
    detail: (a) =>
      `${a.models.length} models${a.twoLevel?.zeroAllFailResamples ? `; ${a.twoLevel.zeroAllFailResamples} two-level resamples without an all-fail example` : ''}`,
    fromAnalysis: (a) => ({ value: a.systemicFailure.log2h, ci: a.bootstrap?.log2h ?? null, seedCi: a.twoLevel?.log2h }),
    reference: () => '0 = as independent',
    weighted: (b) => b.systemic.log2h,
  },
  {
    id: 'log2hm',
    label: 'log₂ H_m',
    direction: 'neutral',
    format: { style: 'number', digits: 2 },
    scope: 'pooled',
    description:
      'Mean of log₂ H over m-model subsets: comparable across suites of different size. Subsets with no all-fail example (log₂ H = −∞) are left out of the mean. No CI',
    qualifier: (a) => `m = ${a.log2hFixedM.m}`,
    detail: (a) => {
      const hm = a.log2hFixedM;
      return `${hm.exhaustive ? 'all' : `${hm.subsets} random`} ${hm.m}-model subsets; ${(hm.zeroShare * 100).toFixed(1)}% have no all-fail example${hm.undefinedSubsets ? `; ${hm.undefinedSubsets} contain a perfect model (undefined)` : ''}`;
    },
    fromAnalysis: (a) => ({ value: a.log2hFixedM.value, ci: null }),
    reference: (a) => `m = ${a.log2hFixedM.m} · 0 = as independent`,
  },
  {
    id: 'nsf',
    label: 'Normalised systemic failure',
    direction: 'neutral',
    format: KAPPA,
    scope: 'pooled',
    description:
      'NSF ∈ [−1, 1]: SFR_obs between independence (0) and its Fréchet bound (1); comparable across datasets. On a resample with no all-fail example it takes its lower branch, (0 − SFR_indep)/(SFR_indep − SFR_min) = −1 when SFR_min = 0, which widens the CI downwards',
    summary: true,
    fromAnalysis: (a) => ({ value: a.systemicFailure.nsf, ci: a.bootstrap?.nsf ?? null, seedCi: a.twoLevel?.nsf }),
    reference: () => '0 = independent, 1 = maximal',
    weighted: (b) => b.systemic.nsf,
  },
  {
    id: 'capa',
    label: 'CAPA κ̄_p',
    direction: 'neutral',
    format: KAPPA,
    scope: 'pairwise',
    description:
      'Mean pairwise CAPA (Goel et al. 2025): agreement on the answer itself, including which wrong answer, adjusted for accuracy (probabilistic when every model has probabilities, else discrete). The seeds + examples CI uses the discrete variant',
    qualifier: (a) => a.capa.kind,
    fromAnalysis: (a) => ({
      value: a.capa.mean,
      ci: a.bootstrap && a.bootstrap.capaMean.lo !== null ? a.bootstrap.capaMean : null,
      seedCi: a.capa.kind === 'discrete' ? a.twoLevel?.capaDiscreteMean : null,
    }),
    sameRecipe: (a) => a.attribution?.capa,
    reference: () => '0 = chance agreement given accuracy',
  },
  {
    id: 'capa-discrete',
    label: 'CAPA κ̄ (discrete, labels only)',
    direction: 'neutral',
    format: KAPPA,
    scope: 'pairwise',
    description:
      "Mean pairwise CAPA from predicted labels only (the discrete form, so models without probabilities count). A different quantity from the indices table's probabilistic CAPA κ̄_p, which weighs each answer by its probability: the two values need not agree. Down = less alike",
    weighted: (b) => pairMean(b, (i, j) => capaKappa(b.labelAgreement[i * b.models + j], b.accuracy[i], b.accuracy[j], 1 / (b.numClasses - 1)).value),
  },
  {
    id: 'cka',
    label: 'Representational CKA̅',
    direction: 'neutral',
    format: KAPPA,
    scope: 'pairwise',
    description:
      'Mean pairwise debiased linear CKA of the penultimate-layer features of the probe examples, within folds (not bootstrapped: duplicated examples bias HSIC)',
    needsFeatures: true,
    fromAnalysis: (a) => ({ value: a.cka?.mean ?? null, ci: null }),
    sameRecipe: (a) => a.attribution?.cka,
    reference: (a) => (a.cka ? '0 = unrelated, 1 = same up to rotation and scale' : 'no model exposed features'),
  },
];

/** Indices shown in the report's indices table. */
export const TABLE_INDICES = MATRIX_INDICES.filter((i) => i.fromAnalysis);
/** Indices computed on weighted models: a baseline's diversity contribution and `compare`'s index deltas. */
export const WEIGHTED_INDICES = MATRIX_INDICES.filter((i) => i.weighted);

export function indexById(id: string): MatrixIndex | undefined {
  return MATRIX_INDICES.find((i) => i.id === id);
}
