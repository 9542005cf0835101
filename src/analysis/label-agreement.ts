/**
 * Agreement on predicted labels (METRICS.md §4): raw agreement, Cohen's κ per pair and Fleiss' κ
 * over all models. Both κs use label marginals only, so they rise with accuracy; they belong in
 * the secondary table.
 */
import { agreementPlan, weightedAgreement, type AgreementPlan } from './agreement.js';
import { EPS, summarizePairs, type PairMatrix } from './pair-summary.js';

export interface LabelAgreementResult {
  /** Fraction of examples where the two models predict the same label. */
  agreement: PairMatrix;
  /** Cohen's κ on labels (null when p_e = 1). */
  cohenKappa: PairMatrix;
  /** Fleiss' κ on labels over all models (null when P_e = 1 or M < 2). */
  fleissKappa: number | null;
  reasons: Record<string, string>;
}

/** Label frequencies q_m(k) per model, row-major M × K. */
export function labelMarginals(preds: readonly ArrayLike<number>[], numClasses: number): Float64Array {
  const M = preds.length;
  const q = new Float64Array(M * numClasses);
  for (let m = 0; m < M; m++) {
    const p = preds[m];
    for (let x = 0; x < p.length; x++) q[m * numClasses + p[x]]++;
    for (let k = 0; k < numClasses; k++) q[m * numClasses + k] /= p.length;
  }
  return q;
}

/**
 * Cohen's and Fleiss' κ on predicted labels. Fleiss' P̄ equals the mean pairwise agreement
 * (Σ_k n_xk² = M + 2 Σ_{i<j} 1[ŷ_i = ŷ_j]), so it is computed from the same agreement matrix.
 */
export function labelAgreement(preds: readonly ArrayLike<number>[], numClasses: number, plan?: AgreementPlan, agree?: Float64Array): LabelAgreementResult {
  const M = preds.length;
  const N = M === 0 ? 0 : preds[0].length;
  const pl = plan ?? agreementPlan(preds, numClasses);
  const a = agree ?? weightedAgreement(pl, null);
  const q = labelMarginals(preds, numClasses);
  const K = numClasses;
  const agreement = summarizePairs(
    M,
    (i, j) => ({ value: a[i * M + j] / N }),
    () => 1,
  );
  const pe = (i: number, j: number) => {
    let s = 0;
    for (let k = 0; k < K; k++) s += q[i * K + k] * q[j * K + k];
    return s;
  };
  const cohenKappa = summarizePairs(
    M,
    (i, j) => {
      const e = pe(i, j);
      if (1 - e <= EPS) return { value: null, reason: 'p_e = 1 (both models predict one constant class)' };
      return { value: (a[i * M + j] / N - e) / (1 - e) };
    },
    (i) => (1 - pe(i, i) <= EPS ? null : 1),
  );
  const reasons: Record<string, string> = {};
  let fleissKappa: number | null = null;
  if (M < 2) reasons.fleissKappa = 'needs at least 2 models';
  else {
    let sumAgree = 0;
    for (let i = 0; i < M; i++) for (let j = i + 1; j < M; j++) sumAgree += a[i * M + j];
    const pBar = (2 * sumAgree) / (N * M * (M - 1));
    let pE = 0;
    for (let k = 0; k < K; k++) {
      let pk = 0;
      for (let m = 0; m < M; m++) pk += q[m * K + k];
      pE += (pk / M) ** 2;
    }
    if (1 - pE <= EPS) reasons.fleissKappa = 'P_e = 1 (every model predicts one constant class)';
    else fleissKappa = (pBar - pE) / (1 - pE);
  }
  return { agreement, cohenKappa, fleissKappa, reasons };
}
