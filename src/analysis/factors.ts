/**
 * Model factors as an open record (HELPERS "Shared contracts"): `family`, `architecture`,
 * `optimizer`, any recipe axis, `seed`, and one `stream:<name>` key per random stream whose value is
 * the stream's derivation key (two cells share a stream iff the values are equal). "Same recipe" =
 * equal on every key except `seed` and `stream:*` (and `dataset`, which attribution never uses).
 */

/** A model's factors; values compared as strings. */
export type ModelFactors = Readonly<Record<string, string>>;

/** Keys never used as attribution factors (every pair of one analysis shares the dataset). */
export const NON_FACTOR_KEYS: ReadonlySet<string> = new Set(['dataset']);

/** True for the keys that describe training randomness rather than the recipe. */
export function isRandomKey(key: string): boolean {
  return key === 'seed' || key.startsWith('stream:');
}

/** The factor keys of a set of models: the union of their keys, dataset excluded, sorted. */
export function factorKeys(factors: readonly (ModelFactors | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const f of factors) if (f) for (const k of Object.keys(f)) if (!NON_FACTOR_KEYS.has(k)) keys.add(k);
  return [...keys].sort((a, b) => Number(isRandomKey(a)) - Number(isRandomKey(b)) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether two models share key k: both have it and the values are equal. */
export function shares(a: ModelFactors, b: ModelFactors, key: string): boolean {
  const x = a[key];
  return x !== undefined && x === b[key];
}

/** The recipe of a model: its factors without `seed`, `stream:*` and `dataset`, as a stable string. */
export function recipeKey(f: ModelFactors): string {
  return Object.keys(f)
    .filter((k) => !isRandomKey(k) && !NON_FACTOR_KEYS.has(k))
    .sort()
    .map((k) => `${k}=${f[k]}`)
    .join(', ');
}

/** Recipe keys (non-random factor keys) on which the two models differ. */
export function differingRecipeKeys(a: ModelFactors, b: ModelFactors): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !isRandomKey(k) && !NON_FACTOR_KEYS.has(k) && a[k] !== b[k]).sort();
}

/**
 * Whether two models share training randomness: any `stream:*` value in common; for models that
 * record no streams (results before independent streams), the same seed, since every random
 * draw then depended on the seed alone.
 */
export function sharesRandomness(a: ModelFactors, b: ModelFactors): boolean {
  const streams = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k.startsWith('stream:'));
  if (streams.length) return streams.some((k) => shares(a, b, k));
  return shares(a, b, 'seed');
}

/** Same recipe: equal on every key except `seed`, `stream:*` and `dataset`. */
export function sameRecipeOf(a: ModelFactors, b: ModelFactors): boolean {
  return differingRecipeKeys(a, b).length === 0;
}

/**
 * Each model's value of `of` as an integer id (equal values, equal ids; −1 for a model without
 * factors or without a value) and how many distinct values there are.
 */
export function internedBy(
  F: readonly (ModelFactors | undefined)[],
  M: number,
  of: (f: ModelFactors) => string | undefined,
): { id: Int32Array; count: number } {
  const ids = new Map<string, number>();
  const id = new Int32Array(M).fill(-1);
  for (let i = 0; i < M; i++) {
    const f = F[i];
    if (!f) continue;
    const k = of(f);
    if (k === undefined) continue;
    let v = ids.get(k);
    if (v === undefined) ids.set(k, (v = ids.size));
    id[i] = v;
  }
  return { id, count: Math.max(1, ids.size) };
}
