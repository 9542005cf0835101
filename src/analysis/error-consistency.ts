/**
 * Error consistency (Geirhos, Meding & Wichmann 2020; METRICS.md §2): Cohen's κ on the
 * correctness vectors of two models, with κ_max, the largest κ their accuracies allow.
 */
import { accuracies, bothCorrectCounts, type CorrectnessMatrix } from './correctness.js';
import { EPS, summarizePairs, type Maybe, type PairMatrix } from './pair-summary.js';

export const EC_UNDEFINED = 'c_exp = 1 (both models 100% or both 0% correct)';
export const EC_DEGENERATE = 'one model is always right (or always wrong): κ = 0 is degenerate';

/** κ from the observed agreement on correctness and the two accuracies. */
export function kappaFromAgreement(cObs: number, pI: number, pJ: number): Maybe {
  const cExp = pI * pJ + (1 - pI) * (1 - pJ);
  const den = 1 - cExp;
  if (den <= EPS) return { value: null, reason: EC_UNDEFINED };
  return { value: (cObs - cExp) / den };
}

/** κ_max = (1 − |p_i − p_j| − c_exp)/(1 − c_exp). */
export function kappaMax(pI: number, pJ: number): Maybe {
  const cExp = pI * pJ + (1 - pI) * (1 - pJ);
  const den = 1 - cExp;
  if (den <= EPS) return { value: null, reason: EC_UNDEFINED };
  return { value: (1 - Math.abs(pI - pJ) - cExp) / den };
}

export interface ErrorConsistencyResult extends PairMatrix {
  /** κ_max per pair. */
  kappaMax: (number | null)[][];
  /** Mean κ_max over the pairs whose κ is defined. */
  meanKappaMax: number | null;
  /** Pairs where one model's correctness is constant (100 % or 0 %) so κ = 0 is degenerate. */
  degeneratePairs: [number, number][];
}

/**
 * Error consistency κ for every pair of models (METRICS.md §2). The diagonal is 1 (null for a
 * model with constant correctness). Pairs with c_exp = 1 are null and excluded from the mean;
 * pairs where exactly one model has constant correctness get κ = 0 and are listed as degenerate.
 */
export function errorConsistency(c: CorrectnessMatrix): ErrorConsistencyResult {
  const M = c.models;
  const N = c.examples;
  const p = accuracies(c);
  const n11 = bothCorrectCounts(c);
  const constant = (m: number) => c.correct[m] === 0 || c.correct[m] === N;
  const agreement = (i: number, j: number) => {
    const a = n11[i * M + j];
    const n00 = N - c.correct[i] - c.correct[j] + a;
    return (a + n00) / N;
  };
  const degeneratePairs: [number, number][] = [];
  const base = summarizePairs(
    M,
    (i, j) => {
      const k = kappaFromAgreement(agreement(i, j), p[i], p[j]);
      if (k.value !== null && (constant(i) || constant(j))) degeneratePairs.push([i, j]);
      return k;
    },
    (i) => (constant(i) ? null : 1),
  );
  const kmax = summarizePairs(
    M,
    (i, j) => kappaMax(p[i], p[j]),
    (i) => (constant(i) ? null : 1),
  );
  // κ = 0 of a pair with a constant-correctness (e.g. perfect) model says nothing about shared
  // errors: it stays in the matrix, flagged, and is left out of the mean (METRICS.md §9)
  if (degeneratePairs.length) {
    let s = 0,
      n = 0,
      sk = 0,
      nk = 0;
    for (let i = 0; i < M; i++) {
      for (let j = i + 1; j < M; j++) {
        const v = base.matrix[i][j];
        if (v === null || constant(i) || constant(j)) continue;
        s += v;
        n++;
        const km = kmax.matrix[i][j];
        if (km !== null) {
          sk += km;
          nk++;
        }
      }
    }
    base.mean = n ? s / n : null;
    base.excluded += degeneratePairs.length;
    base.excludedReasons[EC_DEGENERATE] = degeneratePairs.length;
    return { ...base, kappaMax: kmax.matrix, meanKappaMax: nk ? sk / nk : null, degeneratePairs };
  }
  return { ...base, kappaMax: kmax.matrix, meanKappaMax: kmax.mean, degeneratePairs };
}
