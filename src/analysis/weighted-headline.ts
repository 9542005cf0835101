/**
 * The basis of the headline indices as a function of example multiplicities, so that two model sets on the same
 * examples (a run and its baseline; a matrix with and without a baseline) can share one bootstrap
 * resample and the CI is of the *difference* (paired bootstrap over examples, METRICS.md §6.1).
 * Built from the analysis core's weighted primitives, the same ones its own bootstrap uses.
 * The indices themselves are catalog entries (index-catalog.ts, `weighted`); index-deltas.ts pairs them.
 */
import { agreementPlan, weightedAgreement, weightedCodeCounts, type AgreementPlan } from './agreement.js';
import { systemicFailure, type SystemicFailureResult } from './systemic-failure.js';

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
  return {
    correctness: agreementPlan(codes, 2),
    labels: agreementPlan(
      preds.map((p) => p.subarray(0, N)),
      numClasses,
    ),
    failures,
    numClasses,
  };
}

/** What every weighted index reads, computed once per weight vector. */
export interface WeightedBasis {
  /** Models M and examples N (bootstrap multiplicities sum to N). */
  readonly models: number;
  readonly n: number;
  readonly numClasses: number;
  /** Weighted accuracy of each model. */
  readonly accuracy: readonly number[];
  /** Weighted share of examples on which models i and j are both right or both wrong (M × M). */
  readonly correctnessAgreement: Float64Array;
  /** Weighted share of examples on which models i and j predict the same label (M × M). */
  readonly labelAgreement: Float64Array;
  readonly systemic: SystemicFailureResult;
}

export function weightedBasis(w: WeightedModels, weights: Int32Array): WeightedBasis {
  const M = w.correctness.models;
  const N = weights.length;
  const correct = weightedCodeCounts(w.correctness, weights, 1);
  const accuracy = Array.from(correct, (c) => c / N);
  const corr = weightedAgreement(w.correctness, weights);
  const lab = weightedAgreement(w.labels, weights);
  const hist = new Float64Array(M + 1);
  for (let x = 0; x < N; x++) hist[w.failures[x]] += weights[x];
  return {
    models: M,
    n: N,
    numClasses: w.numClasses,
    accuracy,
    correctnessAgreement: corr.map((v) => v / N),
    labelAgreement: lab.map((v) => v / N),
    systemic: systemicFailure(
      hist,
      accuracy.map((v) => 1 - v),
    ),
  };
}
