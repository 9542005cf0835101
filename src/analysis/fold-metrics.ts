/**
 * Per-fold held-out metrics recomputed from stored predictions: accuracy from the predicted
 * classes, mean cross-entropy from the probability of the true class (clipped at 1e-7, summed in
 * example order — the worker's own formula, so a run's numbers are reproduced bit for bit).
 */

/** Predicted class and probability of the true class per (repeat·N + example). */
export interface StoredPredictions {
  readonly pred: Int32Array;
  readonly ptrue: Float64Array | null;
}

export interface RecomputedFold {
  readonly repeat: number;
  readonly fold: number;
  readonly heldOutSize: number;
  readonly accuracy: number;
  readonly loss: number | null;
}

export function recomputeFolds(labels: Int32Array, folds: readonly Int32Array[], m: StoredPredictions, k: number): RecomputedFold[] {
  const N = labels.length;
  const out: RecomputedFold[] = [];
  folds.forEach((fold, r) => {
    const size = new Int32Array(k);
    const correct = new Int32Array(k);
    const loss = new Float64Array(k);
    for (let x = 0; x < N; x++) {
      const f = fold[x];
      size[f]++;
      if (m.pred[r * N + x] === labels[x]) correct[f]++;
      if (m.ptrue) loss[f] -= Math.log(Math.max(m.ptrue[r * N + x], 1e-7));
    }
    for (let f = 0; f < k; f++) {
      const n = Math.max(size[f], 1);
      out.push({ repeat: r, fold: f, heldOutSize: size[f], accuracy: correct[f] / n, loss: m.ptrue ? loss[f] / n : null });
    }
  });
  return out;
}

/** Accuracy of the pooled out-of-fold predictions of repeat 0. */
export function oofAccuracy(labels: Int32Array, pred: Int32Array): number {
  let c = 0;
  for (let x = 0; x < labels.length; x++) if (pred[x] === labels[x]) c++;
  return c / labels.length;
}

/** Equal up to floating-point noise (both null counts as equal). */
export function close(a: number | null, b: number | null, tol = 1e-9): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}
