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

/**
 * Accuracy and mean cross-entropy (probability of the true class clipped at 1e-7) of n scored rows,
 * summed in the order given: the one per-fold scoring of divbench, used by the worker on each fold
 * and by verify/submit/compare to recompute it from stored predictions.
 */
export function scoreRows(n: number, correct: (i: number) => boolean, ptrue: ((i: number) => number) | null): { accuracy: number; loss: number | null } {
  let hits = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    if (correct(i)) hits++;
    if (ptrue) loss -= Math.log(Math.max(ptrue(i), 1e-7));
  }
  const d = Math.max(n, 1);
  return { accuracy: hits / d, loss: ptrue ? loss / d : null };
}

/** Every (repeat, fold)'s held-out scores recomputed from stored predictions (rows repeat·N + x). */
export function recomputeFolds(labels: Int32Array, folds: readonly Int32Array[], m: StoredPredictions, k: number): RecomputedFold[] {
  const N = labels.length;
  const out: RecomputedFold[] = [];
  folds.forEach((fold, r) => {
    const members: number[][] = Array.from({ length: k }, () => []);
    for (let x = 0; x < N; x++) members[fold[x]].push(x);
    members.forEach((xs, f) => {
      const ptrue = m.ptrue;
      const s = scoreRows(xs.length, (i) => m.pred[r * N + xs[i]] === labels[xs[i]], ptrue ? (i) => ptrue[r * N + xs[i]] : null);
      out.push({ repeat: r, fold: f, heldOutSize: xs.length, accuracy: s.accuracy, loss: s.loss });
    });
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
