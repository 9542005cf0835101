/**
 * Public API of divbench's analysis core: pure, synchronous functions on typed arrays (no I/O, no
 * TensorFlow.js). Formulas, ranges and edge cases follow METRICS.md; undefined values are null
 * with a reason, never NaN.
 */

/** Bit-packed correctness matrix C[m, x] = 1[ŷ_m(x) = y(x)] built from labels and predictions. */
export { correctnessMatrix, accuracies, type CorrectnessMatrix } from './correctness.js';

/**
 * Error consistency (Geirhos et al. 2020): Cohen's κ on correctness for every pair, with κ_max,
 * the pairwise mean, excluded pairs (c_exp = 1) counted and degenerate pairs flagged.
 * @example errorConsistency(correctnessMatrix(labels, [predA, predB])).mean
 */
export { errorConsistency, type ErrorConsistencyResult } from './error-consistency.js';

/**
 * Systemic failure (Bommasani et al. 2022; Toups et al. 2023): observed all-fail rate, the rate
 * under independence, H, log₂H, the Fréchet-normalised NSF, the failure-count histogram beside its
 * Poisson-binomial expectation, over-dispersion and oracle accuracy. Input: histogram of F(x)
 * (index 0..M) and per-model error rates.
 */
export { systemicFailure, poissonBinomialPmf, type SystemicFailureResult } from './systemic-failure.js';

/**
 * CAPA κ_p (Goel et al. 2025) for every pair: probabilistic when every model has probabilities,
 * else discrete (label agreement, accuracy).
 */
export { capa, type CapaInput, type CapaResult } from './capa.js';

/**
 * Linear CKA between two n × d representations; `{ debiased: true }` uses HSIC_1, `folds` pools
 * within-fold HSIC as minibatch CKA. `linearCkaMatrix` does every pair of models.
 */
export { linearCka, linearCkaMatrix, type FeatureMatrix, type CkaOptions } from './cka.js';

/** Kuncheva–Whitaker diversity (Q, ρ, disagreement, double fault, E, KW, κ, θ) plus GD and CFD. */
export { diversityMeasures, type DiversityResult } from './diversity.js';

/** Agreement, Cohen's κ and Fleiss' κ on predicted labels. */
export { labelAgreement, type LabelAgreementResult } from './label-agreement.js';

/** Model factors as an open record; same recipe = equal on every key except seed and stream:*. */
export { type ModelFactors, recipeKey, isRandomKey, sameRecipeOf, sharesRandomness } from './factors.js';

/**
 * Attribution by pairwise regression (METRICS §10.1): OLS of pair similarity on shared-factor
 * indicators and accuracy covariates, dyadic cluster bootstrap CIs, stratified permutation p-values,
 * the same-recipe reference and group means split by shared vs independent randomness.
 */
export { pairRegression, type PairRegressionResult, type RegressionTerm, type PairGroup } from './pair-regression.js';

/** Two-level bootstrap (seeds within recipe, then examples; METRICS §10.2). */
export { twoLevelBootstrap, type TwoLevelBootstrap } from './two-level-bootstrap.js';

/** Effective number of distinct models (Vendi score; METRICS §10.3). */
export { vendiScore, type VendiResult } from './vendi.js';

/** Diversity curves over k models and log₂ H at fixed m (METRICS §10.4, §10.5). */
export { diversityCurves, log2hAtFixedM, type DiversityCurve, type CurvePoint, type Log2HmResult } from './diversity-curves.js';

/** Verdicts with power: Bayesian correlated t-test + paired example bootstrap, one stated verdict; protocol power. */
export { verdict, pairedDifferenceCi, pairedDifferenceCis, DEFAULT_ROPE, type Verdict, type VerdictKind } from './verdicts.js';
export { protocolPower, minimumDetectableFactor, minimumDetectableKappa, type ProtocolPower } from './power.js';

/** Percentile intervals that state what they cover and count undefined/infinite resamples. */
export { percentileInterval, formatInterval, type Interval, type CiLevel } from './interval.js';

/**
 * Corrected resampled t-test (Nadeau–Bengio; Bouckaert–Frank for r × k CV), the Bayesian
 * correlated t-test (P(left), P(rope), P(right)) and a descriptive t CI over folds.
 */
export { correctedResampledTTest, bayesianCorrelatedTTest, tCiOverFolds, type CorrectedTTestResult, type BayesianTTestResult } from './ttests.js';

/** McNemar's test on paired correctness: exact binomial below 25 discordant pairs, else χ² with continuity. */
export { mcnemar, mcnemarFromCounts, type McNemarResult } from './mcnemar.js';

/** Friedman (tie-corrected) + Iman–Davenport + Nemenyi critical difference and pairwise p (scores[dataset][config]). */
export { friedmanNemenyi, type FriedmanResult } from './friedman.js';

/** Wilcoxon signed-rank (exact without ties, else normal with tie correction) and pairwise tests with Holm. */
export { wilcoxonSignedRank, wilcoxonHolm, holm, type WilcoxonResult, type WilcoxonHolmResult } from './wilcoxon.js';

/** Expected / maximum calibration error, 15 equal-width bins (lo, hi]. */
export { expectedCalibrationError, calibrationFromConfidence, type CalibrationResult } from './calibration.js';

/** Paired percentile bootstrap over examples with the seeded mulberry32 PRNG. */
export { bootstrapCi, mulberry32, type BootstrapCi, type BootstrapOptions } from './bootstrap.js';

/** The whole `divbench analyze` computation, and the validation of its JSON input. */
export { analyzePredictions, type AnalysisResult, type AnalyzeOptions } from './headline.js';
export { validatePredictionsInput, type ValidatedPredictions } from './predictions-input.js';
