/**
 * Kuncheva & Whitaker (2003) ensemble-diversity measures on the oracle (correctness) outputs,
 * plus Partridge & Krzanowski's generalized and coincident-failure diversity (METRICS.md §3).
 * Pairwise measures are averaged over i < j; undefined pairs are excluded and counted.
 */
import { accuracies, bothCorrectCounts, pairTable, type CorrectnessMatrix } from './correctness.js';
import { EPS, summarizePairs, type PairMatrix } from './pair-summary.js';

export interface DiversityResult {
  /** Yule's Q per pair (null when N11N00 + N01N10 = 0). */
  q: PairMatrix;
  /** Correlation ρ (φ) per pair (null when either model's correctness is constant). */
  rho: PairMatrix;
  /** Disagreement (N01 + N10)/N. */
  disagreement: PairMatrix;
  /** Double fault N00/N. */
  doubleFault: PairMatrix;
  /** Entropy measure E. */
  entropy: number | null;
  /** Kohavi–Wolpert variance. */
  kohaviWolpert: number;
  /** Interrater agreement κ (= Fleiss' κ on correctness). */
  interraterKappa: number | null;
  /** Difficulty θ = population variance of l(x)/L. */
  difficulty: number;
  /** Generalized diversity GD. */
  generalizedDiversity: number | null;
  /** Coincident-failure diversity CFD. */
  coincidentFailureDiversity: number | null;
  reasons: Record<string, string>;
}

/** The non-pairwise measures from the histogram of l(x) (index l = models right) and mean accuracy. */
export function nonPairwiseDiversity(correctHistogram: ArrayLike<number>, meanAccuracy: number) {
  const L = correctHistogram.length - 1;
  const reasons: Record<string, string> = {};
  let N = 0;
  for (let l = 0; l <= L; l++) N += correctHistogram[l];
  let sumMin = 0;
  let sumLL = 0;
  let mean = 0;
  for (let l = 0; l <= L; l++) {
    const w = correctHistogram[l];
    sumMin += w * Math.min(l, L - l);
    sumLL += w * l * (L - l);
    mean += (w * l) / L;
  }
  mean /= N;
  let theta = 0;
  for (let l = 0; l <= L; l++) theta += correctHistogram[l] * (l / L - mean) ** 2;
  theta /= N;
  const eDen = L - Math.ceil(L / 2);
  let entropy: number | null = null;
  if (eDen === 0) reasons.entropy = 'needs at least 2 models';
  else entropy = sumMin / N / eDen;
  const kohaviWolpert = sumLL / (N * L * L);
  const pbar = meanAccuracy;
  let interraterKappa: number | null = null;
  if (L < 2) reasons.interraterKappa = 'needs at least 2 models';
  else if (pbar * (1 - pbar) <= EPS) reasons.interraterKappa = 'p̄ ∈ {0, 1}';
  else interraterKappa = 1 - sumLL / L / (N * (L - 1) * pbar * (1 - pbar));
  // F = L − l failing; p_i = P(F = i).
  let p1 = 0;
  let p2 = 0;
  let p0 = 0;
  let cfdSum = 0;
  for (let l = 0; l <= L; l++) {
    const i = L - l;
    const pi = correctHistogram[l] / N;
    if (i === 0) p0 = pi;
    p1 += (i / L) * pi;
    if (L > 1) p2 += ((i * (i - 1)) / (L * (L - 1))) * pi;
    if (i >= 1 && L > 1) cfdSum += ((L - i) / (L - 1)) * pi;
  }
  let generalizedDiversity: number | null = null;
  if (L < 2) reasons.generalizedDiversity = 'needs at least 2 models';
  else if (p1 <= 0) reasons.generalizedDiversity = 'no failures at all';
  else generalizedDiversity = 1 - p2 / p1;
  let coincidentFailureDiversity: number | null = null;
  if (L < 2) reasons.coincidentFailureDiversity = 'needs at least 2 models';
  else coincidentFailureDiversity = p0 >= 1 ? 0 : cfdSum / (1 - p0);
  return { entropy, kohaviWolpert, interraterKappa, difficulty: theta, generalizedDiversity, coincidentFailureDiversity, reasons };
}

/** All diversity measures of METRICS.md §3 for the models in `c`. */
export function diversityMeasures(c: CorrectnessMatrix, n11?: Int32Array): DiversityResult {
  const M = c.models;
  const N = c.examples;
  const counts = n11 ?? bothCorrectCounts(c);
  const t = (i: number, j: number) => pairTable(c, counts, i, j);
  const q = summarizePairs(
    M,
    (i, j) => {
      const { n11: a, n10, n01, n00 } = t(i, j);
      const den = a * n00 + n01 * n10;
      return den === 0 ? { value: null, reason: 'N11·N00 + N01·N10 = 0' } : { value: (a * n00 - n01 * n10) / den };
    },
    () => 1,
  );
  const rho = summarizePairs(
    M,
    (i, j) => {
      const { n11: a, n10, n01, n00 } = t(i, j);
      const den = Math.sqrt((a + n10) * (n01 + n00) * (a + n01) * (n10 + n00));
      return den === 0 ? { value: null, reason: 'a model with constant correctness' } : { value: (a * n00 - n01 * n10) / den };
    },
    () => 1,
  );
  const disagreement = summarizePairs(
    M,
    (i, j) => {
      const { n10, n01 } = t(i, j);
      return { value: (n10 + n01) / N };
    },
    () => 0,
  );
  const doubleFault = summarizePairs(
    M,
    (i, j) => ({ value: t(i, j).n00 / N }),
    (i) => 1 - c.correct[i] / N,
  );
  const hist = new Float64Array(M + 1);
  for (let x = 0; x < N; x++) hist[c.correctPerExample[x]]++;
  const p = accuracies(c);
  let pbar = 0;
  for (let m = 0; m < M; m++) pbar += p[m] / M;
  return { q, rho, disagreement, doubleFault, ...nonPairwiseDiversity(hist, pbar) };
}
