/**
 * The inner validation split used by reduce-on-plateau and early stopping: a stratified share of
 * the training fold, chosen by a seed derived from the suite's split seed, the repeat and the fold
 * only — every cell of a dataset holds out the same rows, as with the outer folds.
 */
import { deriveSeed, mulberry32, shuffleInPlace } from '../../spec/random.js';

export function innerSplit(
  train: Int32Array,
  labels: Int32Array,
  { fraction, splitSeed, repeat, fold }: { fraction: number; splitSeed: number; repeat: number; fold: number },
): { fit: Int32Array; validation: Int32Array } {
  const rng = mulberry32(deriveSeed(splitSeed, repeat, fold, 0x1a7e5));
  const byClass = new Map<number, number[]>();
  for (const i of train) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  const val: number[] = [];
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace(byClass.get(cls)!, rng);
    // A class with ≥ 2 training rows gives at least one; its rest stays for fitting.
    const take = members.length < 2 ? 0 : Math.min(members.length - 1, Math.max(1, Math.round(fraction * members.length)));
    val.push(...members.slice(0, take));
  }
  const held = new Set(val);
  const validation = Int32Array.from(val).sort();
  const fit = train.filter((i) => !held.has(i));
  return { fit, validation };
}
