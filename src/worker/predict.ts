/** Scoring a learner's probabilities: argmax classes, accuracy and cross-entropy, and checks of the output. */
import { scoreRows } from '../analysis/fold-metrics.js';

export interface Predictions {
  /** n × K probabilities. */
  readonly probs: Float32Array;
  /** Argmax class per example. */
  readonly pred: Int32Array;
  /** n × d representation (only when asked). */
  readonly features?: Float32Array;
}

export function argmaxRows(probs: Float32Array, k: number): Int32Array {
  const n = probs.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Accuracy and mean cross-entropy of predictions against `y[indices]` (analysis/fold-metrics.ts scoreRows). */
export function scorePredictions(p: Predictions, y: Int32Array, indices: Int32Array, k: number): { accuracy: number; loss: number } {
  const s = scoreRows(
    indices.length,
    (i) => p.pred[i] === y[indices[i]],
    (i) => p.probs[i * k + y[indices[i]]],
  );
  return { accuracy: s.accuracy, loss: s.loss! };
}

/** The first row of `n × k` values with a non-finite entry, or -1. */
export function firstNonFiniteRow(values: Float32Array, k: number): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return Math.floor(i / k);
  return -1;
}

/** True when the representation is the rows' raw input (same width, every value equal). */
export function isRawInputCopy(features: Float32Array, featureSize: number, x: Float32Array, rowSize: number): boolean {
  if (featureSize !== rowSize || features.length !== x.length || x.length === 0) return false;
  for (let i = 0; i < x.length; i++) if (features[i] !== x[i]) return false;
  return true;
}
