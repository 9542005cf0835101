/**
 * Headline homogenization indices of a set of models on one dataset (METRICS.md §8), computed by
 * the analysis core from repeat 0's out-of-fold predictions: what a manifest stores and what
 * verify recomputes. CKA is left out: baselines do not store penultimate features.
 */
import { analyzePredictions, type AnalysisResult } from '../analysis/headline.js';
import type { ValidatedPredictions } from '../analysis/predictions-input.js';
import type { ModelFactors } from '../analysis/factors.js';
import type { ModelPredictions } from './manifest/encoding.js';
import { close } from '../analysis/fold-metrics.js';
import type { HeadlineIndices } from './manifest/schema.js';

/** Repeat 0 of each model, in the shape of the analysis input. */
export function toValidated(ids: string[], labels: Int32Array, numClasses: number, models: readonly ModelPredictions[], factors?: (ModelFactors | undefined)[]): ValidatedPredictions {
  const N = labels.length;
  return {
    ids,
    labels,
    numClasses,
    preds: models.map((m) => m.pred.subarray(0, N)),
    probs: models.map((m) => m.probs?.subarray(0, N * numClasses)),
    features: models.map(() => undefined),
    factors: factors ?? models.map(() => undefined),
  };
}

export function summarizeIndices(r: AnalysisResult): HeadlineIndices {
  const sf = r.systemicFailure;
  return {
    models: r.models,
    meanAccuracy: r.meanAccuracy,
    oracleAccuracy: r.oracleAccuracy,
    errorConsistency: r.errorConsistency.mean,
    capa: { kind: r.capa.kind, mean: r.capa.mean },
    systemicFailure: { observed: sf.observed, independent: sf.independent, h: sf.h, log2h: sf.log2h, nsf: sf.nsf },
  };
}

export function headlineIndices(v: ValidatedPredictions): HeadlineIndices {
  return summarizeIndices(analyzePredictions(v, { bootstrap: 0 }));
}

/** One line per stored index that differs from its recomputation. */
export function indicesProblems(where: string, stored: HeadlineIndices, again: HeadlineIndices): string[] {
  const out: string[] = [];
  if (stored.models.join(',') !== again.models.join(',')) out.push(`${where}.models: [${stored.models.join(', ')}] is not the dataset's models [${again.models.join(', ')}]`);
  const pairs: [string, number | null, number | null][] = [
    ['meanAccuracy', stored.meanAccuracy, again.meanAccuracy],
    ['oracleAccuracy', stored.oracleAccuracy, again.oracleAccuracy],
    ['errorConsistency', stored.errorConsistency, again.errorConsistency],
    ['capa.mean', stored.capa.mean, again.capa.mean],
    ['systemicFailure.observed', stored.systemicFailure.observed, again.systemicFailure.observed],
    ['systemicFailure.independent', stored.systemicFailure.independent, again.systemicFailure.independent],
    ['systemicFailure.h', stored.systemicFailure.h, again.systemicFailure.h],
    ['systemicFailure.log2h', stored.systemicFailure.log2h, again.systemicFailure.log2h],
    ['systemicFailure.nsf', stored.systemicFailure.nsf, again.systemicFailure.nsf],
  ];
  for (const [k, a, b] of pairs) if (!close(a, b)) out.push(`${where}.${k}: manifest says ${a}, recomputed from the predictions ${b}`);
  if (stored.capa.kind !== again.capa.kind) out.push(`${where}.capa.kind: manifest says ${stored.capa.kind}, recomputed ${again.capa.kind}`);
  return out;
}
