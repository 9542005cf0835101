/**
 * Systemic failure (Bommasani et al. 2022 at individual level; Toups et al. 2023; METRICS.md §1):
 * how often every model fails on the same example, against the rate expected if the models
 * failed independently at their own error rates, plus the harness's Fréchet-normalised NSF.
 */
import { EPS } from './pair-summary.js';

export interface SystemicFailureResult {
  /** SFR_obs: fraction of examples every model gets wrong. */
  observed: number;
  /** SFR_indep = Π_m e_m. */
  independent: number;
  /** H = SFR_obs / SFR_indep; null when Π e_m = 0 (or it overflows). */
  h: number | null;
  /** log₂ H; null when H is undefined or SFR_obs = 0 (−∞). */
  log2h: number | null;
  /** Normalised systemic failure in [−1, 1]; null when SFR_max = SFR_indep. */
  nsf: number | null;
  /** CSR_obs: fraction every model gets right; CSR_indep = Π (1 − e_m); h_success = ratio. */
  csrObserved: number;
  csrIndependent: number;
  hSuccess: number | null;
  /** SFR + CSR observed and under independence. */
  homogeneousObserved: number;
  homogeneousIndependent: number;
  /** Oracle accuracy 1 − SFR_obs: at least one model is right. */
  oracleAccuracy: number;
  /** Observed distribution of F(x), index 0..M (fractions of examples). */
  histogram: number[];
  /** Poisson-binomial pmf of F under independence, index 0..M. */
  expectedHistogram: number[];
  /** Total-variation distance between the two. */
  tvDistance: number;
  /** Var(F) / Σ e_m(1 − e_m) (population variance); null when every e_m ∈ {0, 1}. */
  overdispersion: number | null;
  /** Why each null field is null. */
  reasons: Record<string, string>;
}

/** Poisson-binomial pmf of the number of successes of independent Bernoulli(q_m) (exact DP, in place: k from the top). */
export function poissonBinomialPmf(q: ArrayLike<number>): Float64Array {
  const M = q.length;
  const pmf = new Float64Array(M + 1);
  pmf[0] = 1;
  for (let m = 0; m < M; m++) {
    const qm = q[m];
    // the same two products, added in the same order, as next[k] = pmf[k]·(1 − q) + pmf[k − 1]·q
    pmf[m + 1] = pmf[m] * qm;
    for (let k = m; k > 0; k--) pmf[k] = pmf[k] * (1 - qm) + pmf[k - 1] * qm;
    pmf[0] *= 1 - qm;
  }
  return pmf;
}

/** The indices of systemicFailure that need no distribution of F under independence (what the bootstraps resample). */
export type SystemicFailureIndices = Omit<
  SystemicFailureResult,
  'expectedHistogram' | 'tvDistance' | 'overdispersion' | 'homogeneousObserved' | 'homogeneousIndependent'
>;

/** systemicFailure without the Poisson-binomial distribution (O(M) instead of O(M²)): the same values. */
export function systemicFailureIndices(failureHistogram: ArrayLike<number>, errorRates: ArrayLike<number>): SystemicFailureIndices {
  const M = errorRates.length;
  const reasons: Record<string, string> = {};
  let total = 0;
  for (let f = 0; f <= M; f++) total += failureHistogram[f];
  const histogram = Array.from({ length: M + 1 }, (_, f) => failureHistogram[f] / total);
  const observed = histogram[M];
  const csrObserved = histogram[0];

  let logIndep = 0;
  let logSucc = 0;
  let sumE = 0;
  let minE = Infinity;
  for (let m = 0; m < M; m++) {
    const e = errorRates[m];
    logIndep += Math.log(e);
    logSucc += Math.log(1 - e);
    sumE += e;
    minE = Math.min(minE, e);
  }
  const independent = Math.exp(logIndep);
  const csrIndependent = Math.exp(logSucc);

  let h: number | null = null;
  let log2h: number | null = null;
  if (logIndep === -Infinity) {
    reasons.h = reasons.log2h = 'Π e_m = 0: some model is perfect';
  } else if (observed === 0) {
    h = 0;
    reasons.log2h = 'SFR_obs = 0: log₂ H = −∞';
  } else {
    log2h = (Math.log(observed) - logIndep) / Math.LN2;
    const hv = Math.exp(Math.log(observed) - logIndep);
    if (Number.isFinite(hv)) h = hv;
    else reasons.h = 'H overflows a double; see log2h';
  }

  let hSuccess: number | null = null;
  if (logSucc === -Infinity) reasons.hSuccess = 'Π (1 − e_m) = 0: some model is always wrong';
  else {
    const v = Math.exp(Math.log(csrObserved) - logSucc);
    if (Number.isFinite(v)) hSuccess = v;
    else reasons.hSuccess = 'h_success overflows a double';
  }

  // NSF: Fréchet bounds on P(all fail) given the marginals (METRICS.md §1.3).
  let nsf: number | null = null;
  const sfrMax = M === 0 ? 0 : minE;
  const sfrMin = Math.max(0, sumE - (M - 1));
  if (M < 2 || Math.abs(sfrMax - independent) <= EPS) {
    reasons.nsf = 'SFR_max = SFR_indep (a perfect model, or M < 2)';
  } else if (observed >= independent) {
    nsf = (observed - independent) / (sfrMax - independent);
  } else if (independent - sfrMin <= EPS) {
    reasons.nsf = 'SFR_indep = SFR_min';
  } else {
    nsf = (observed - independent) / (independent - sfrMin);
  }
  return { observed, independent, h, log2h, nsf, csrObserved, csrIndependent, hSuccess, oracleAccuracy: 1 - observed, histogram, reasons };
}

/**
 * Systemic-failure statistics from the failure-count histogram (counts or weights of examples
 * with F = 0..M failing models) and each model's error rate.
 */
export function systemicFailure(failureHistogram: ArrayLike<number>, errorRates: ArrayLike<number>): SystemicFailureResult {
  const M = errorRates.length;
  const { observed, independent, h, log2h, nsf, csrObserved, csrIndependent, hSuccess, histogram, reasons } = systemicFailureIndices(
    failureHistogram,
    errorRates,
  );
  let varIndep = 0;
  for (let m = 0; m < M; m++) {
    const e = errorRates[m];
    varIndep += e * (1 - e);
  }
  const pmf = poissonBinomialPmf(errorRates);
  const expectedHistogram = Array.from(pmf);
  let tv = 0;
  let meanF = 0;
  for (let f = 0; f <= M; f++) {
    tv += Math.abs(histogram[f] - expectedHistogram[f]);
    meanF += f * histogram[f];
  }
  let varF = 0;
  for (let f = 0; f <= M; f++) varF += histogram[f] * (f - meanF) ** 2;
  let overdispersion: number | null = null;
  if (varIndep <= EPS) reasons.overdispersion = 'every model is always right or always wrong: Σ e(1 − e) = 0';
  else overdispersion = varF / varIndep;

  return {
    observed,
    independent,
    h,
    log2h,
    nsf,
    csrObserved,
    csrIndependent,
    hSuccess,
    homogeneousObserved: observed + csrObserved,
    homogeneousIndependent: independent + csrIndependent,
    oracleAccuracy: 1 - observed,
    histogram,
    expectedHistogram,
    tvDistance: tv / 2,
    overdispersion,
    reasons,
  };
}
