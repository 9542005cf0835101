/**
 * The straightforward "all" pool of the diversity curves: every subset's statistics computed from
 * scratch over its models (no growing ensemble, no complements), replaying the same random draws
 * as src/analysis/diversity-curves.ts — each random size k takes the k-prefix of a draw's ordering,
 * or, above L/2, the last k models of it. The reference the fast curve is checked against.
 */
import assert from 'node:assert/strict';
import { mulberry32, quantileSorted } from '../../../src/analysis/bootstrap.js';
import { curveSizes, type CurvePoint, type CurveStat } from '../../../src/analysis/diversity-curves.js';
import { binomial, subsetsOfSize } from '../../../src/analysis/subsets.js';

function stat(values: number[]): CurveStat {
  const s = Float64Array.from(values).sort();
  return { mean: s.reduce((a, v) => a + v, 0) / s.length, lo: quantileSorted(s, 0.025), hi: quantileSorted(s, 0.975) };
}

/** argmax with ties to the lowest index. */
function argmax(v: ArrayLike<number>, o: number, K: number): number {
  let b = 0;
  for (let k = 1; k < K; k++) if (v[o + k] > v[o + b]) b = k;
  return b;
}

function subsetStats(set: readonly number[], labels: ArrayLike<number>, preds: readonly ArrayLike<number>[], probs: readonly Float64Array[], K: number) {
  const N = labels.length;
  let fail = 0,
    maj = 0,
    mp = 0;
  const votes = new Float64Array(K),
    sums = new Float64Array(K);
  for (let x = 0; x < N; x++) {
    votes.fill(0);
    sums.fill(0);
    let anyRight = false;
    for (const m of set) {
      votes[preds[m][x]]++;
      for (let k = 0; k < K; k++) sums[k] += probs[m][x * K + k];
      if (preds[m][x] === labels[x]) anyRight = true;
    }
    if (!anyRight) fail++;
    if (argmax(votes, 0, K) === labels[x]) maj++;
    if (argmax(sums, 0, K) === labels[x]) mp++;
  }
  let indep = 1;
  for (const m of set) {
    let right = 0;
    for (let x = 0; x < N; x++) if (preds[m][x] === labels[x]) right++;
    indep *= 1 - right / N;
  }
  return { sfr: fail / N, majority: maj / N, meanProb: mp / N, indep };
}

/** The "all" pool's points for R draws per size (R as the fast curve chose it). */
export function allPoolStraightforward(
  labels: ArrayLike<number>,
  preds: readonly ArrayLike<number>[],
  probs: readonly Float64Array[],
  K: number,
  R: number,
  seed: number,
): CurvePoint[] {
  return allPool(labels, preds, probs, K, R, mulberry32(seed));
}

function point(k: number, s: ReturnType<typeof subsetStats>[], exhaustive: boolean): CurvePoint {
  return {
    k,
    subsets: s.length,
    exhaustive,
    systemicFailure: stat(s.map((e) => e.sfr)),
    oracle: stat(s.map((e) => 1 - e.sfr)),
    majorityVote: stat(s.map((e) => e.majority)),
    meanProbability: stat(s.map((e) => e.meanProb)),
    independentSystemicFailure: stat(s.map((e) => e.indep)),
  };
}

function shuffled(n: number, rng: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * The "same recipe" pool (after the "all" pool has drawn from the same generator), every subset
 * from scratch: per k every subset of every recipe's seeds when they are at most R, else the
 * k-prefixes of R (recipe, shuffled seeds) draws shared by the sizes with the same candidate recipes.
 */
export function sameRecipePoolStraightforward(
  labels: ArrayLike<number>,
  preds: readonly ArrayLike<number>[],
  probs: readonly Float64Array[],
  K: number,
  R: number,
  seed: number,
  recipes: readonly string[],
): CurvePoint[] {
  const rng = mulberry32(seed);
  allPool(labels, preds, probs, K, R, rng);
  const groups = new Map<string, number[]>();
  recipes.forEach((r, m) => groups.set(r, [...(groups.get(r) ?? []), m]));
  const multi = [...groups.values()].filter((g) => g.length >= 2);
  const maxS = Math.max(...multi.map((g) => g.length));
  const samples = new Map<number, ReturnType<typeof subsetStats>[]>();
  const exhaustive = new Set<number>();
  const random: { count: number; ks: number[] }[] = [];
  for (let k = 1; k <= maxS; k++) {
    const having = multi.filter((g) => g.length >= k);
    samples.set(k, []);
    if (having.reduce((s, g) => s + binomial(g.length, k), 0) <= R) {
      exhaustive.add(k);
      for (const g of having)
        for (const s of subsetsOfSize(g.length, k, R, rng).subsets)
          samples.get(k)?.push(
            subsetStats(
              s.map((i) => g[i]),
              labels,
              preds,
              probs,
              K,
            ),
          );
    } else if (random.length && random[random.length - 1].count === having.length) random[random.length - 1].ks.push(k);
    else random.push({ count: having.length, ks: [k] });
  }
  for (const { count, ks } of random) {
    const having = multi.filter((g) => g.length >= ks[0]);
    assert(having.length === count);
    for (let r = 0; r < R; r++) {
      const g = having[Math.floor(rng() * having.length)];
      const order = shuffled(g.length, rng).map((i) => g[i]);
      for (const k of ks) samples.get(k)?.push(subsetStats(order.slice(0, k), labels, preds, probs, K));
    }
  }
  return Array.from({ length: maxS }, (_, i) => point(i + 1, samples.get(i + 1) ?? [], exhaustive.has(i + 1)));
}

function allPool(
  labels: ArrayLike<number>,
  preds: readonly ArrayLike<number>[],
  probs: readonly Float64Array[],
  K: number,
  R: number,
  rng: () => number,
): CurvePoint[] {
  const L = preds.length;
  const samples = new Map<number, ReturnType<typeof subsetStats>[]>();
  const exhaustive = new Set<number>();
  const randomK: number[] = [];
  for (const k of curveSizes(L)) {
    if (binomial(L, k) <= R) {
      exhaustive.add(k);
      samples.set(
        k,
        subsetsOfSize(L, k, R, rng).subsets.map((s) => subsetStats(s, labels, preds, probs, K)),
      );
    } else {
      randomK.push(k);
      samples.set(k, []);
    }
  }
  for (let r = 0; r < R; r++) {
    const order = shuffled(L, rng);
    for (const k of randomK) samples.get(k)?.push(subsetStats(k > L - k ? order.slice(L - k) : order.slice(0, k), labels, preds, probs, K));
  }
  return curveSizes(L).map((k) => point(k, samples.get(k) ?? [], exhaustive.has(k)));
}
