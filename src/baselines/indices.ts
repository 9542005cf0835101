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
export function toValidated({
  ids,
  labels,
  numClasses,
  models,
  factors,
}: {
  ids: string[];
  labels: Int32Array;
  numClasses: number;
  models: readonly ModelPredictions[];
  factors?: (ModelFactors | undefined)[];
}): ValidatedPredictions {
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

function summarizeIndices(r: AnalysisResult): HeadlineIndices {
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

/** Every leaf of a headline-indices object, by dotted path (numbers, strings, lists of strings). */
function leaves(v: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, out);
  else out.set(path, Array.isArray(v) ? `[${v.join(', ')}]` : v);
  return out;
}

/**
 * One line per stored index that differs from its recomputation: every field the manifest holds is
 * compared (numbers up to floating-point noise), so an index added to the summary is verified too.
 */
export function indicesProblems(where: string, stored: HeadlineIndices, again: HeadlineIndices): string[] {
  const a = leaves(stored, '', new Map());
  const b = leaves(again, '', new Map());
  const out: string[] = [];
  for (const [k, recomputed] of b) {
    const s = a.get(k);
    const same = typeof recomputed === 'number' || recomputed === null ? (typeof s === 'number' || s === null) && close(s, recomputed) : s === recomputed;
    if (!same) out.push(`${where}.${k}: manifest says ${String(s)}, recomputed from the predictions ${String(recomputed)}`);
  }
  return out;
}
