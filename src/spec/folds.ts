/**
 * Seeded (stratified) k-fold assignment. It depends only on the labels, k, the split seed and the
 * repeat, so every cell of a dataset gets the same folds — the precondition for comparing models
 * example by example.
 */
import { createHash } from 'node:crypto';
import { deriveSeed, mulberry32, permutation, shuffleInPlace } from './random.js';

export interface FoldOptions {
  readonly k: number;
  readonly seed: number;
  readonly repeat?: number;
  readonly stratified?: boolean;
}

/**
 * Returns `fold[i] ∈ [0, k)` for every example. Stratified: each class's examples are shuffled and
 * dealt round-robin, continuing the deal across classes, so fold sizes differ by at most one and
 * each class's count per fold differs by at most one.
 */
export function assignFolds(labels: Int32Array | number[], options: FoldOptions): Int32Array {
  const { k, seed, repeat = 0, stratified = true } = options;
  const n = labels.length;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${k}`);
  if (k > n) throw new RangeError(`cannot split ${n} examples into ${k} folds`);
  const rng = mulberry32(deriveSeed(seed, repeat, 0x5f01d));
  const fold = new Int32Array(n);
  if (!stratified) {
    const order = permutation(n, rng);
    for (let j = 0; j < n; j++) fold[order[j]] = j % k;
    return fold;
  }
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  let deal = 0;
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace(byClass.get(cls)!, rng);
    for (const i of members) fold[i] = deal++ % k;
  }
  return fold;
}

/** Indices of the held-out examples of fold `f` and of the training examples (all others), ascending. */
export function splitIndices(fold: Int32Array, f: number): { train: Int32Array; heldOut: Int32Array } {
  let h = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] === f) h++;
  const heldOut = new Int32Array(h);
  const train = new Int32Array(fold.length - h);
  let a = 0;
  let b = 0;
  for (let i = 0; i < fold.length; i++) {
    if (fold[i] === f) heldOut[a++] = i;
    else train[b++] = i;
  }
  return { train, heldOut };
}

/** `sha256:<hex>` of the assignment — what baselines and merges compare. */
export function foldHash(fold: Int32Array): string {
  return `sha256:${createHash('sha256')
    .update(new Uint8Array(fold.buffer, fold.byteOffset, fold.byteLength))
    .digest('hex')}`;
}

/**
 * The probe subset of a held-out fold (its penultimate features are kept for CKA): the first
 * `size` held-out examples in a seeded order that depends only on the split, not on the cell.
 */
export function probeIndices(heldOut: Int32Array, { size, seed, repeat, fold: f }: { size: number; seed: number; repeat: number; fold: number }): Int32Array {
  const order = shuffleInPlace(Int32Array.from(heldOut), mulberry32(deriveSeed(seed, repeat, f, 0x9e0be)));
  return order.slice(0, Math.min(size, order.length)).sort();
}
