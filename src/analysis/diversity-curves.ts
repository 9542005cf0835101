/**
 * Diversity curves over k models (METRICS.md §10.4) and log₂ H at a fixed number of models
 * (§10.5). For each k, over the k-subsets (all of them when there are at most `subsets`, else that
 * many random draws): systemic failure rate (every model of the subset wrong), oracle accuracy
 * (1 − that), majority-vote accuracy (ties → lowest class index), mean-probability ensemble
 * accuracy (argmax of the mean probabilities, ties → lowest index; only when every model has
 * probabilities), and the independence expectation Π_m (1 − acc_m) over the same subsets. Pools:
 * "all" (any k models), "same recipe" (k seeds of one recipe; subsets pooled over recipes),
 * "mixed" (k distinct recipes, one random seed of each).
 */
import { mulberry32, quantileSorted } from './bootstrap.js';
import { popcount32, type CorrectnessMatrix } from './correctness.js';
import { Ensemble, type CurveInput, type Sample } from './curve-ensemble.js';
import { binomial, subsetsOfSize } from './subsets.js';

export interface CurveStat {
  mean: number;
  /** 2.5 % and 97.5 % quantiles over the subsets. */
  lo: number;
  hi: number;
}

export interface CurvePoint {
  k: number;
  subsets: number;
  /** True when every k-subset of the pool was used. */
  exhaustive: boolean;
  systemicFailure: CurveStat;
  oracle: CurveStat;
  majorityVote: CurveStat;
  /** Null when some model has no probabilities. */
  meanProbability: CurveStat | null;
  /** Π_m (1 − acc_m) over the same subsets. */
  independentSystemicFailure: CurveStat;
}

export type { CurveInput };

export type PoolKind = 'all' | 'same-recipe' | 'mixed';

export interface DiversityCurve {
  pool: PoolKind;
  label: string;
  points: CurvePoint[];
  note?: string;
}

function stat(values: number[]): CurveStat {
  const s = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return { mean: sum / s.length, lo: quantileSorted(s, 0.025), hi: quantileSorted(s, 0.975) };
}

function toPoint(k: number, samples: Sample[], exhaustive: boolean): CurvePoint {
  const mp = samples.map((e) => e.meanProb);
  return {
    k,
    subsets: samples.length,
    exhaustive,
    systemicFailure: stat(samples.map((e) => e.sfr)),
    oracle: stat(samples.map((e) => 1 - e.sfr)),
    majorityVote: stat(samples.map((e) => e.majority)),
    meanProbability: mp.every((v) => v !== null) ? stat(mp as number[]) : null,
    independentSystemicFailure: stat(samples.map((e) => e.indep)),
  };
}

export interface CurveOptions {
  /** Subsets per k (default 200). */
  subsets?: number;
  seed?: number;
  /** Budget of model × example (× class, with probabilities) additions per pool; R shrinks to fit (min 20). Default 1.5e9. */
  maxWork?: number;
}

/** The k evaluated for a pool of L models: every k up to 30, beyond that 1..10 then about 20 log-spaced sizes up to L. */
export function curveSizes(L: number): number[] {
  if (L <= 30) return Array.from({ length: L }, (_, i) => i + 1);
  const ks = new Set<number>(Array.from({ length: 10 }, (_, i) => i + 1));
  for (let t = 0; t <= 20; t++) ks.add(Math.round(10 * (L / 10) ** (t / 20)));
  return [...ks].filter((k) => k >= 1 && k <= L).sort((a, b) => a - b);
}

/**
 * One pool's curve. Sizes with at most R subsets are enumerated; the others take the k-prefixes
 * of R random draws (each prefix is a uniformly random k-subset, so one growing ensemble serves
 * every k of a draw). `ordering` makes one random ordering of the pool's candidate models. When
 * every ordering is a permutation of the same `members`, a size k above L/2 takes the complement
 * of the (L − k)-prefix instead — also a uniformly random k-subset — so each draw adds at most
 * L/2 models, not L.
 */
function curve(
  ens: Ensemble,
  L: number,
  R: number,
  exhaustiveSets: (k: number) => number[][] | null,
  ordering: () => number[],
  members: readonly number[] | null,
): CurvePoint[] {
  const samples: Sample[][] = Array.from({ length: L + 1 }, () => []);
  const exhaustive: boolean[] = new Array<boolean>(L + 1).fill(false);
  const randomK: number[] = [];
  const sizes = curveSizes(L);
  for (const k of sizes) {
    const sets = exhaustiveSets(k);
    if (sets) {
      exhaustive[k] = true;
      for (const s of sets) {
        ens.reset();
        for (const m of s) ens.add(m);
        samples[k].push(ens.stats());
      }
    } else randomK.push(k);
  }
  if (randomK.length) {
    const prefix = new Set<number>();
    // prefix length j → the size k = L − j its complement serves
    const complement = new Map<number, number>();
    for (const k of randomK) {
      if (members && k > L - k) complement.set(L - k, k);
      else prefix.add(k);
    }
    const maxJ = Math.max(0, ...prefix, ...complement.keys());
    if (members && complement.size) ens.setTotal(members);
    for (let r = 0; r < R; r++) {
      const order = ordering();
      ens.reset();
      for (let j = 0; j <= maxJ; j++) {
        if (j > 0) ens.add(order[j - 1]);
        if (prefix.has(j)) samples[j].push(ens.stats());
        const k = complement.get(j);
        if (k !== undefined) samples[k].push(ens.complementStats(order, j));
      }
    }
  }
  return sizes.map((k) => toPoint(k, samples[k], exhaustive[k]));
}

function randomOrder(n: number, rng: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * The same-recipe pool: for each k, every k-subset of every recipe's seeds when there are at most
 * R of them, else R draws of (a recipe among those with ≥ k seeds, then k of its seeds). The sizes
 * drawn at random are served by nested draws: sizes whose candidate recipes are the same share R
 * random orderings (a uniform recipe of that set, its seeds shuffled), and size k takes each
 * ordering's k-prefix — a uniformly random k-subset of a uniformly drawn recipe, as a separate
 * draw per k would be — so a draw adds at most maxS models instead of k for every k.
 */
function sameRecipeCurve(ens: Ensemble, multi: readonly number[][], R: number, rng: () => number): CurvePoint[] {
  const maxS = Math.max(...multi.map((g) => g.length));
  const samples: Sample[][] = Array.from({ length: maxS + 1 }, () => []);
  const exhaustive: boolean[] = new Array<boolean>(maxS + 1).fill(false);
  // random sizes grouped by their candidate recipes (having(k) shrinks as k grows)
  const runs: { having: number[][]; ks: number[] }[] = [];
  for (let k = 1; k <= maxS; k++) {
    const having = multi.filter((g) => g.length >= k);
    const total = having.reduce((s, g) => s + binomial(g.length, k), 0);
    if (total <= R) {
      exhaustive[k] = true;
      for (const g of having)
        for (const s of subsetsOfSize(g.length, k, R, rng).subsets) {
          ens.reset();
          for (const i of s) ens.add(g[i]);
          samples[k].push(ens.stats());
        }
      continue;
    }
    const last = runs[runs.length - 1];
    if (last && last.having.length === having.length) last.ks.push(k);
    else runs.push({ having, ks: [k] });
  }
  for (const { having, ks } of runs) {
    const want = new Set(ks);
    const maxK = ks[ks.length - 1];
    for (let r = 0; r < R; r++) {
      const g = having[Math.floor(rng() * having.length)];
      const order = randomOrder(g.length, rng);
      ens.reset();
      for (let j = 1; j <= maxK; j++) {
        ens.add(g[order[j - 1]]);
        if (want.has(j)) samples[j].push(ens.stats());
      }
    }
  }
  return Array.from({ length: maxS }, (_, i) => toPoint(i + 1, samples[i + 1], exhaustive[i + 1]));
}

/** Diversity curves for the pools the factors allow ("all" always). */
export function diversityCurves(inp: CurveInput, options: CurveOptions = {}): DiversityCurve[] {
  const M = inp.preds.length;
  const N = inp.labels.length;
  const perModel = N * (1 + (inp.probs.every((p) => p !== undefined) ? inp.numClasses : 0));
  const R = Math.min(options.subsets ?? 200, Math.max(20, Math.floor((options.maxWork ?? 1.5e9) / (2 * M * perModel))));
  const rng = mulberry32(options.seed ?? 0);
  const ens = new Ensemble(inp);
  const out: DiversityCurve[] = [];
  const enumerate = (n: number, map: (i: number) => number) => (k: number) =>
    binomial(n, k) <= R ? subsetsOfSize(n, k, R, rng).subsets.map((s) => s.map(map)) : null;
  const budgetNote = R < (options.subsets ?? 200) ? `; ${R} random subsets per k (fewer than ${options.subsets ?? 200}, to fit the work budget)` : '';
  out.push({
    pool: 'all',
    label: 'any k models of the suite',
    points: curve(
      ens,
      M,
      R,
      enumerate(M, (i) => i),
      () => randomOrder(M, rng),
      Array.from({ length: M }, (_, i) => i),
    ),
    ...(budgetNote ? { note: budgetNote.slice(2) } : {}),
  });
  if (!inp.recipes || inp.recipes.some((r) => r === undefined)) return out;
  const byRecipe = new Map<string, number[]>();
  inp.recipes.forEach((r, m) => {
    const g = byRecipe.get(r as string);
    if (g) g.push(m);
    else byRecipe.set(r as string, [m]);
  });
  const groups = [...byRecipe.values()];
  const multi = groups.filter((g) => g.length >= 2);
  if (multi.length) {
    const points = sameRecipeCurve(ens, multi, R, rng);
    out.push({ pool: 'same-recipe', label: 'k seeds of one recipe', points, note: `${multi.length} recipe(s) with ≥ 2 seeds; subsets pooled over recipes` });
  }
  if (groups.length >= 2) {
    const single = groups.every((g) => g.length === 1);
    const points = curve(
      ens,
      groups.length,
      R,
      single ? enumerate(groups.length, (i) => groups[i][0]) : () => null,
      () => randomOrder(groups.length, rng).map((i) => groups[i][Math.floor(rng() * groups[i].length)]),
      single ? groups.map((g) => g[0]) : null,
    );
    out.push({
      pool: 'mixed',
      label: 'k distinct recipes, one seed each',
      points,
      note: `${groups.length} recipes${single ? '' : '; one random seed per recipe in each draw'}`,
    });
  }
  return out;
}

export interface Log2HmResult {
  m: number;
  /** Mean of log₂(SFR_obs/SFR_indep) over the subsets with SFR_obs > 0 and SFR_indep > 0; null when none. */
  value: number | null;
  subsets: number;
  exhaustive: boolean;
  /** Share of subsets with SFR_obs = 0 (log₂ H = −∞ there; left out of the mean). */
  zeroShare: number;
  /** Subsets with SFR_indep = 0 (a perfect model: H undefined). */
  undefinedSubsets: number;
}

/** log₂ H at a fixed number of models m (default min(5, M)), averaged over m-subsets. */
export function log2hAtFixedM(c: CorrectnessMatrix, o: { m?: number; subsets?: number; seed?: number } = {}): Log2HmResult {
  const M = c.models;
  const N = c.examples;
  const m = Math.min(o.m ?? 5, M);
  const { subsets, exhaustive } = subsetsOfSize(M, m, o.subsets ?? 2000, mulberry32(o.seed ?? 0));
  const W = c.words;
  const wrong = new Uint32Array(W);
  let sum = 0,
    n = 0,
    zero = 0,
    undef = 0;
  for (const s of subsets) {
    wrong.fill(0xffffffff);
    let indep = 1;
    for (const i of s) {
      for (let w = 0; w < W; w++) wrong[w] &= ~c.bits[i * W + w];
      indep *= 1 - c.correct[i] / N;
    }
    let f = 0;
    for (let w = 0; w < W; w++) f += popcount32(wrong[w] & (w === W - 1 && N % 32 ? (1 << (N % 32)) - 1 : 0xffffffff));
    if (indep === 0) undef++;
    else if (f === 0) zero++;
    else {
      sum += Math.log2(f / N / indep);
      n++;
    }
  }
  return { m, value: n ? sum / n : null, subsets: subsets.length, exhaustive, zeroShare: subsets.length ? zero / subsets.length : 0, undefinedSubsets: undef };
}
