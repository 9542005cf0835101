/**
 * The whole `divbench analyze` computation: from validated predictions to every headline index
 * (METRICS.md §8), the secondary measures, attribution by factor, calibration and bootstrap CIs.
 */
import { agreementPlan, weightedAgreement } from './agreement.js';
import { expectedCalibrationError, type CalibrationResult } from './calibration.js';
import { capa as capaMatrix, capaFromOverlap, probabilityPass, type CapaResult } from './capa.js';
import { linearCkaMatrix } from './cka.js';
import { accuracies, bothCorrectCounts, correctnessMatrix, failureCountHistogram } from './correctness.js';
import { diversityCurves, log2hAtFixedM, type DiversityCurve, type Log2HmResult } from './diversity-curves.js';
import { diversityMeasures, type DiversityResult } from './diversity.js';
import { recipeKey } from './factors.js';
import { pairRegressions, type PairRegressionResult } from './pair-regression.js';
import { twoLevelAccumulator, type TwoLevelBootstrap } from './two-level-bootstrap.js';
import { vendiScore, type VendiResult } from './vendi.js';
import { errorConsistency, type ErrorConsistencyResult } from './error-consistency.js';
import { headlineAccumulator, type HeadlineBootstrap } from './headline-bootstrap.js';
import { runResamples } from './resample-batches.js';
import { labelAgreement } from './label-agreement.js';
import type { PairMatrix } from './pair-summary.js';
import type { ValidatedPredictions } from './predictions-input.js';
import { systemicFailure, type SystemicFailureResult } from './systemic-failure.js';

export interface AnalyzeOptions {
  /** Bootstrap resamples; 0 skips the bootstrap. Default 1000. */
  bootstrap?: number;
  /** PRNG seed of the bootstrap. Default 0. */
  seed?: number;
  /** CI level. Default 0.95. */
  level?: number;
  /** Permutations per attribution term (default: the bootstrap count; 0 = no p-values). */
  permutations?: number;
  /** Subsets per k of the diversity curves (default 200; 0 = no curves). */
  curveSubsets?: number;
  /** m of log₂ H_m (default min(5, M)). */
  fixedM?: number;
}

/** Vendi score of each similarity, with what it was computed from. */
export interface VendiSummary extends VendiResult {
  similarity: string;
}

export interface CkaSummary extends PairMatrix {
  /** Debiased (HSIC_1) linear CKA is the headline; `biased` is plain linear CKA. */
  debiased: true;
  biased: PairMatrix;
  /** True when fold ids were given and HSIC was computed within folds (minibatch CKA). */
  withinFolds: boolean;
  /** Models without features (n/a). */
  modelsWithoutFeatures: string[];
}

export interface DiversitySummary extends Omit<DiversityResult, 'reasons'> {
  labelAgreement: PairMatrix;
  cohenKappaLabels: PairMatrix;
  fleissKappaLabels: number | null;
  /** Fleiss' κ on correctness; equals the interrater κ. */
  fleissKappaCorrectness: number | null;
  reasons: Record<string, string>;
}

/** The JSON output of `divbench analyze` (a plain, JSON-safe object: no NaN, no typed arrays). */
export interface AnalysisResult {
  models: string[];
  examples: number;
  numClasses: number;
  accuracy: Record<string, number>;
  meanAccuracy: number;
  errorConsistency: Omit<ErrorConsistencyResult, 'degeneratePairs'> & { degeneratePairs: [string, string][] };
  systemicFailure: SystemicFailureResult;
  capa: CapaResult;
  cka?: CkaSummary;
  oracleAccuracy: number;
  diversity: DiversitySummary;
  /** Pairwise-regression attribution (METRICS §10.1) per similarity; present when any model has factors. */
  attribution?: { errorConsistency: PairRegressionResult; capa: PairRegressionResult; cka?: PairRegressionResult };
  /** Recipe of each model (factors without seed and streams); a model without factors is its own recipe. */
  recipes: Record<string, string>;
  /** Effective number of distinct models (METRICS §10.3). */
  vendi: { errorConsistency: VendiSummary; capa: VendiSummary; cka?: VendiSummary };
  /** log₂ H at a fixed number of models (METRICS §10.5). */
  log2hFixedM: Log2HmResult;
  /** Diversity curves over k models (METRICS §10.4); [] when disabled. */
  curves: DiversityCurve[];
  /** Two-level bootstrap (seeds within recipe, then examples; METRICS §10.2); null when `bootstrap` is 0. */
  twoLevel: TwoLevelBootstrap | null;
  /** ECE/MCE (15 bins) per model with probabilities; null for models without. */
  calibration: Record<string, Omit<CalibrationResult, 'bins'> | null>;
  /** Example-only bootstrap CIs (models fixed); null when `bootstrap` is 0. */
  bootstrap: HeadlineBootstrap | null;
  /** Flags a reader should see (degenerate pairs, excluded pairs, …). */
  notes: string[];
}

/** Computes every index of `divbench analyze` for validated predictions. */
export function analyzePredictions(input: ValidatedPredictions, options: AnalyzeOptions = {}): AnalysisResult {
  const { ids, labels, numClasses: K, preds } = input;
  const M = ids.length;
  const N = labels.length;
  const notes: string[] = [];
  const c = correctnessMatrix(labels, preds);
  const p = accuracies(c);
  const n11 = bothCorrectCounts(c);
  const accuracy: Record<string, number> = {};
  ids.forEach((id, m) => (accuracy[id] = p[m]));
  const meanAccuracy = p.reduce((a, b) => a + b, 0) / M;

  const ec = errorConsistency(c);
  if (ec.degeneratePairs.length)
    notes.push(`${ec.degeneratePairs.length} error-consistency pair(s) have κ = 0 only because one model's correctness is constant (degenerate)`);
  if (ec.excluded) notes.push(`${ec.excluded} error-consistency pair(s) excluded: ${Object.keys(ec.excludedReasons).join('; ')}`);
  const failHist = failureCountHistogram(c);
  const sf = systemicFailure(
    failHist,
    Array.from(p, (v) => 1 - v),
  );

  const labelPlan = agreementPlan(preds, K);
  const labAgree = weightedAgreement(labelPlan, null);
  const allProbs = input.probs.every((x) => x !== undefined);
  // with probabilities: overlap, mean correct probability and ECE in one pass over them
  const probPass = allProbs && M > 0 ? probabilityPass(input.probs as Float64Array[], labels, K) : null;
  const capa: CapaResult = probPass
    ? capaFromOverlap(probPass.overlap, probPass.pbar, N, K, 'probabilistic')
    : allProbs
      ? capaMatrix({ labels, numClasses: K, preds, probs: input.probs })
      : capaFromOverlap(labAgree, p, N, K, 'discrete');
  if (!allProbs && input.probs.some((x) => x !== undefined)) notes.push('CAPA is discrete: not every model has probabilities');

  const lab = labelAgreement(preds, K, labelPlan, labAgree);
  const div = diversityMeasures(c, n11);
  const diversity: DiversitySummary = {
    ...div,
    labelAgreement: lab.agreement,
    cohenKappaLabels: lab.cohenKappa,
    fleissKappaLabels: lab.fleissKappa,
    fleissKappaCorrectness: div.interraterKappa,
    reasons: { ...div.reasons, ...Object.fromEntries(Object.entries(lab.reasons).map(([k, v]) => [`${k}Labels`, v])) },
  };

  let cka: CkaSummary | undefined;
  if (input.features.some((f) => f !== undefined)) {
    const folds = input.featureFolds;
    const deb = linearCkaMatrix(input.features, { debiased: true, folds });
    const biased = linearCkaMatrix(input.features, { debiased: false, folds });
    cka = { ...deb, debiased: true, biased, withinFolds: folds !== undefined, modelsWithoutFeatures: ids.filter((_, m) => !input.features[m]) };
    if (!folds) notes.push('CKA computed over all feature rows at once: no fold ids were given, so it is not within-fold');
  }

  const B = options.bootstrap ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  let attribution: AnalysisResult['attribution'];
  if (input.factors.some((f) => f !== undefined)) {
    const o = { resamples: B, permutations: options.permutations ?? B, seed, level };
    // one call: the matrices defined on the same pairs share the design's refits
    const [ecR, capaR, ckaR] = pairRegressions(cka ? [ec.matrix, capa.matrix, cka.matrix] : [ec.matrix, capa.matrix], p, input.factors, o);
    attribution = { errorConsistency: ecR, capa: capaR };
    if (ckaR) attribution.cka = ckaR;
    if (input.factors.some((f) => f === undefined))
      notes.push(`attribution leaves out ${input.factors.filter((f) => f === undefined).length} model(s) without factors`);
  }
  const recipeOf = ids.map((id, m) => {
    const f = input.factors[m];
    return f ? recipeKey(f) || id : id;
  });
  const recipes = Object.fromEntries(ids.map((id, m) => [id, recipeOf[m]]));
  const vendi: AnalysisResult['vendi'] = {
    errorConsistency: {
      ...vendiScore(ec.matrix, { nullAs: 1 }),
      similarity: 'error consistency κ, clipped to [0, 1] (negative = unrelated; undefined pairs, identical constant correctness, = 1)',
    },
    capa: { ...vendiScore(capa.matrix, { nullAs: 1 }), similarity: `CAPA κ_p (${capa.kind}), clipped to [0, 1]` },
  };
  if (cka) vendi.cka = { ...vendiScore(cka.matrix, { nullAs: 0 }), similarity: 'debiased linear CKA, clipped to [0, 1] (undefined = 0)' };
  const log2hFixedM = log2hAtFixedM(c, { m: options.fixedM, seed });
  const curveSubsets = options.curveSubsets ?? 200;
  const curves =
    curveSubsets > 0 && M >= 2
      ? diversityCurves({ labels, preds, probs: input.probs, numClasses: K, correctness: c, recipes: recipeOf }, { subsets: curveSubsets, seed })
      : [];

  const calibration: AnalysisResult['calibration'] = {};
  ids.forEach((id, m) => {
    const pr = input.probs[m];
    if (!pr) calibration[id] = null;
    else {
      const { ece, mce } = probPass ? probPass.calibration[m] : expectedCalibrationError(pr, labels, K);
      calibration[id] = { ece, mce };
    }
  });

  let bootstrap: HeadlineBootstrap | null = null;
  let twoLevel: TwoLevelBootstrap | null = null;
  if (B > 0) {
    const codes = preds.map((pr) => Uint8Array.from(pr, (v, x) => (v === labels[x] ? 1 : 0)));
    const failures = new Uint16Array(N);
    for (let x = 0; x < N; x++) failures[x] = M - c.correctPerExample[x];
    // one plan (and its kernel's buffers) and one pass over the example resamples for both bootstraps
    const correctnessPlan = agreementPlan(codes, 2);
    const headlineAcc = headlineAccumulator(
      {
        correctnessPlan,
        labelPlan,
        failures,
        numClasses: K,
        labels,
        probs: allProbs ? (input.probs as Float64Array[]) : undefined,
      },
      { resamples: B, seed, level },
    );
    const twoLevelAcc = twoLevelAccumulator({ correctnessPlan, labelPlan, correctness: c, numClasses: K, recipes: recipeOf }, { resamples: B, seed, level });
    runResamples({ correctnessPlan, labelPlan }, B, seed, [headlineAcc, twoLevelAcc]);
    bootstrap = headlineAcc.finish();
    twoLevel = twoLevelAcc.finish();
    if (twoLevel.zeroAllFailResamples)
      notes.push(
        `${twoLevel.zeroAllFailResamples} of ${B} two-level resamples have no example that every drawn model fails: log₂ H = −∞ there (kept as −∞ in the percentiles) and NSF takes its lower branch, (0 − SFR_indep)/(SFR_indep − SFR_min), which is −1 when SFR_min = 0`,
      );
  }

  return {
    models: ids,
    examples: N,
    numClasses: K,
    accuracy,
    meanAccuracy,
    errorConsistency: { ...ec, degeneratePairs: ec.degeneratePairs.map(([i, j]) => [ids[i], ids[j]]) },
    systemicFailure: sf,
    capa,
    ...(cka ? { cka } : {}),
    oracleAccuracy: sf.oracleAccuracy,
    diversity,
    ...(attribution ? { attribution } : {}),
    recipes,
    vendi,
    log2hFixedM,
    curves,
    twoLevel,
    calibration,
    bootstrap,
    notes,
  };
}
