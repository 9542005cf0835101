/**
 * The pairwise regression's descriptive side (METRICS.md §10.1): the fitted pairs grouped by the
 * recipe keys the two models differ in × whether they share their randomness (seed and streams),
 * each group's mean similarity (weighted, for the bootstrap), and the same-recipe reference (pairs
 * equal on every key except seed and stream:*).
 */
import { differingRecipeKeys, internedBy, isRandomKey, sharesRandomness, type ModelFactors } from './factors.js';
import type { Interval } from './interval.js';

export interface PairGroup {
  /** Recipe keys the pairs differ in ([] = same recipe). */
  differing: string[];
  label: string;
  randomness: 'shared' | 'independent';
  pairs: number;
  mean: number;
  ci: Interval | null;
}

/** Each model's keys (recipe or random ones), sorted, with their values, as one string. */
const entries = (f: ModelFactors, random: boolean) =>
  JSON.stringify(
    Object.keys(f)
      .filter((k) => isRandomKey(k) === random)
      .sort()
      .map((k) => [k, f[k]]),
  );

export class PairGroups {
  /** Number of groups. */
  readonly count: number;
  /** Pairs of the same recipe. */
  readonly sameRecipePairs: number;
  /** Σ w·y and Σ w per group, of the last means() call. */
  readonly sum: Float64Array;
  readonly n: Float64Array;
  private readonly keys: { d: string[]; r: 'shared' | 'independent' }[] = [];
  private readonly groupOf: Int32Array;
  private readonly sameRecipe: Uint8Array;

  /** `pairs` (a < b) of models with factors `F`. */
  constructor(pairs: readonly { a: number; b: number }[], F: readonly ModelFactors[], M: number) {
    // both depend only on the two models' recipes (resp. seeds and streams): computed once per pair of those
    const recipeOf = internedBy(F, M, (f) => entries(f, false));
    const randomOf = internedBy(F, M, (f) => entries(f, true));
    const differingMemo = new Map<number, string[]>();
    const groupMemo = new Map<string, number>();
    const randomMemo = new Map<number, boolean>();
    const memo = <K, T>(m: Map<K, T>, key: K, make: () => T): T => {
      let v = m.get(key);
      if (v === undefined) m.set(key, (v = make()));
      return v;
    };
    const differing = (p: { a: number; b: number }) =>
      memo(differingMemo, recipeOf.id[p.a] * recipeOf.count + recipeOf.id[p.b], () => differingRecipeKeys(F[p.a], F[p.b]));
    this.groupOf = Int32Array.from(pairs, (p) => {
      const d = differing(p);
      const r = memo(randomMemo, randomOf.id[p.a] * randomOf.count + randomOf.id[p.b], () => sharesRandomness(F[p.a], F[p.b])) ? 'shared' : 'independent';
      return memo(groupMemo, `${d.join('+')}|${r}`, () => {
        this.keys.push({ d, r });
        return this.keys.length - 1;
      });
    });
    this.sameRecipe = Uint8Array.from(pairs, (p) => (differing(p).length === 0 ? 1 : 0));
    this.count = this.keys.length;
    this.sameRecipePairs = this.sameRecipe.reduce((s, v) => s + v, 0);
    this.sum = new Float64Array(this.count);
    this.n = new Float64Array(this.count);
  }

  /**
   * Σ w·y and Σ w per group into `sum` and `n`, pairs in order (the same sums, in the same order,
   * as one pass per group); returns the weighted same-recipe mean (null without such pairs).
   * `rows`: the pairs with w ≠ 0, ascending (the others add nothing), so a sparse resample visits
   * only those.
   */
  means(weights: ArrayLike<number>, y: ArrayLike<number>, rows?: { list: ArrayLike<number>; count: number }): number | null {
    const { sum, n: count, groupOf, sameRecipe } = this;
    sum.fill(0);
    count.fill(0);
    let rs = 0,
      rn = 0;
    const n = rows ? rows.count : groupOf.length;
    for (let t = 0; t < n; t++) {
      const r = rows ? rows.list[t] : t;
      const w = weights[r];
      if (!w) continue;
      const g = groupOf[r];
      const ws = w * y[r];
      sum[g] += ws;
      count[g] += w;
      if (sameRecipe[r]) {
        rs += ws;
        rn += w;
      }
    }
    return rn ? rs / rn : null;
  }

  /** The groups from sums and counts (means()), with `ci(mean, group)`, sorted by what they differ in. */
  summary(sum: Float64Array, n: Float64Array, ci: (mean: number, group: number) => Interval | null): PairGroup[] {
    const pairs = new Int32Array(this.count);
    for (const g of this.groupOf) pairs[g]++;
    return this.keys
      .map(({ d, r }, g) => {
        const mean = sum[g] / (n[g] || 1);
        return { differing: d, label: d.length ? `differ in ${d.join(' + ')}` : 'same recipe', randomness: r, pairs: pairs[g], mean, ci: ci(mean, g) };
      })
      .sort((a, b) => a.differing.length - b.differing.length || a.label.localeCompare(b.label) || a.randomness.localeCompare(b.randomness));
  }
}
