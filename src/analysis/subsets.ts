/**
 * Subsets of models for the diversity curves and log₂ H_m: every k-subset when there are at most
 * `limit` of them (lexicographic), else `limit` random ones (partial Fisher–Yates, seeded).
 */

/** C(n, k) as a float (exact below 2^53). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) c = (c * (n - Math.min(k, n - k) + i)) / i;
  return Math.round(c);
}

/** All k-subsets of 0..n−1 in lexicographic order. */
export function* allSubsets(n: number, k: number): Generator<number[]> {
  const s = Array.from({ length: k }, (_, i) => i);
  if (k === 0 || k > n) return;
  for (;;) {
    yield s.slice();
    let i = k - 1;
    while (i >= 0 && s[i] === n - k + i) i--;
    if (i < 0) return;
    s[i]++;
    for (let j = i + 1; j < k; j++) s[j] = s[j - 1] + 1;
  }
}

/** A uniformly random k-subset of 0..n−1 (sorted). */
export function randomSubset(n: number, k: number, rng: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k).sort((x, y) => x - y);
}

/** The k-subsets used for size k: all when C(n, k) ≤ limit, else `limit` random draws. */
export function subsetsOfSize(n: number, k: number, limit: number, rng: () => number): { subsets: number[][]; exhaustive: boolean } {
  if (binomial(n, k) <= limit) return { subsets: [...allSubsets(n, k)], exhaustive: true };
  return { subsets: Array.from({ length: limit }, () => randomSubset(n, k, rng)), exhaustive: false };
}
