/**
 * Headline indices as a function of example multiplicities, so that two model sets on the same
 * examples (a run and its baseline; a matrix with and without a baseline) can share one bootstrap
 * resample and the CI is of the *difference* (paired bootstrap over examples, METRICS.md §6.1).
 * Built from the analysis core's weighted primitives, the same ones its own bootstrap uses.
 * CAPA here is the discrete form (the probabilistic one is the point estimate elsewhere).
 */
import { agreementPlan, weightedAgreement, weightedCodeCounts, type AgreementPlan } from './agreement.js';
import { mulberry32, percentileCi, resampleCounts, type BootstrapCi } from './bootstrap.js';
import { capaKappa } from './capa.js';
import { kappaFromAgreement } from './error-consistency.js';
import { meanOverPairs } from './pair-summary.js';
import { systemicFailure } from './systemic-failure.js';

export const DELTA_INDICES = ['meanAccuracy', 'oracleAccuracy', 'errorConsistency', 'capaDiscrete', 'log2h', 'nsf'] as const;
export type DeltaIndex = (typeof DELTA_INDICES)[number];
export type IndexValues = Record<DeltaIndex, number | null>;

export interface WeightedModels {
  readonly correctness: AgreementPlan;
  readonly labels: AgreementPlan;
  readonly failures: Uint16Array;
  readonly numClasses: number;
}

export function weightedModels(labels: Int32Array, preds: readonly Int32Array[], numClasses: number): WeightedModels {
  const N = labels.length;
  const codes = preds.map((p) => Uint8Array.from(p.subarray(0, N), (v, x) => (v === labels[x] ? 1 : 0)));
  const failures = new Uint16Array(N);
  for (const c of codes) for (let x = 0; x < N; x++) failures[x] += 1 - c[x];
  return { correctness: agreementPlan(codes, 2), labels: agreementPlan(preds.map((p) => p.subarray(0, N)), numClasses), failures, numClasses };
}

export function indexValues(w: WeightedModels, weights: Int32Array): IndexValues {
  const M = w.correctness.models;
  const N = weights.length;
  const correct = weightedCodeCounts(w.correctness, weights, 1);
  const p = Array.from(correct, (c) => c / N);
  const corr = weightedAgreement(w.correctness, weights);
  const lab = weightedAgreement(w.labels, weights);
  const share = 1 / (w.numClasses - 1);
  const hist = new Float64Array(M + 1);
  for (let x = 0; x < N; x++) hist[w.failures[x]] += weights[x];
  const sf = systemicFailure(hist, p.map((v) => 1 - v));
  return {
    meanAccuracy: p.reduce((a, b) => a + b, 0) / M,
    oracleAccuracy: sf.oracleAccuracy,
    errorConsistency: M < 2 ? null : meanOverPairs(M, (i, j) => kappaFromAgreement(corr[i * M + j] / N, p[i], p[j]).value),
    capaDiscrete: M < 2 ? null : meanOverPairs(M, (i, j) => capaKappa(lab[i * M + j] / N, p[i], p[j], share).value),
    log2h: sf.log2h,
    nsf: sf.nsf,
  };
}

export interface IndexDelta {
  readonly index: DeltaIndex;
  readonly a: number | null;
  readonly b: number | null;
  /** a − b with its paired percentile bootstrap CI. */
  readonly delta: BootstrapCi;
}

/** Index values of two model sets on the same examples and the paired bootstrap CI of a − b. */
export function pairedIndexDeltas(a: WeightedModels, b: WeightedModels, n: number, options: { resamples: number; seed: number; level?: number }): IndexDelta[] {
  const level = options.level ?? 0.95;
  const ones = new Int32Array(n).fill(1);
  const va = indexValues(a, ones);
  const vb = indexValues(b, ones);
  const reps: Record<DeltaIndex, (number | null)[]> = Object.fromEntries(DELTA_INDICES.map((k) => [k, []])) as unknown as Record<DeltaIndex, (number | null)[]>;
  const rng = mulberry32(options.seed);
  const w = new Int32Array(n);
  for (let r = 0; r < options.resamples; r++) {
    resampleCounts(n, rng, w);
    const x = indexValues(a, w);
    const y = indexValues(b, w);
    for (const k of DELTA_INDICES) reps[k].push(diff(x[k], y[k]));
  }
  return DELTA_INDICES.map((index) => ({ index, a: va[index], b: vb[index], delta: percentileCi(diff(va[index], vb[index]), reps[index], level, options.seed) }));
}

const diff = (x: number | null, y: number | null) => (x === null || y === null ? null : x - y);
