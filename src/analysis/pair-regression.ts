/**
 * Attribution by pairwise regression (METRICS.md §10.1, after Kim et al. 2025): for every pair of
 * models with a defined similarity s_ab (κ_EC, CAPA or CKA), fit by OLS
 *
 *   s_ab = β0 + Σ_f β_f·1[a, b share f] + γ1·(acc_a + acc_b)/2 + γ2·|acc_a − acc_b| + ε,
 *
 * f ranging over every factor key (open record, dataset excluded; `seed` and `stream:*` too).
 * Keys whose share-indicators are identical over the pairs are one term ("seed + stream:init");
 * a term no pair or every pair shares, or one collinear with the columns before it, is "not
 * identifiable". CIs: dyadic cluster bootstrap (resample models with replacement, keep the pairs
 * of two distinct drawn models, refit). p-values: permutation of the term's level labels across
 * models, within strata of the other factors where that permutes anything.
 */
import type { ModelFactors } from './factors.js';
import { percentileInterval, type Interval } from './interval.js';
import { IncrementalOls } from './ols.js';
import { dyadicBootstrap, rowMajorDesign } from './pair-bootstrap.js';
import { PairGroups, type PairGroup } from './pair-groups.js';
import { permutationTests } from './pair-permutation.js';
import { regressionTerms, type Pair, type RegressionTerm } from './pair-terms.js';

export interface PairRegressionOptions {
  /** Dyadic bootstrap resamples (default 1000; 0 = none). */
  resamples?: number;
  /** Permutations per term (default 1000; 0 = none). */
  permutations?: number;
  seed?: number;
  level?: number;
}

export type { RegressionTerm };

export type { PairGroup };

export interface PairRegressionResult {
  /** Pairs in the fit (both models have factors, similarity defined). */
  pairs: number;
  /** Pairs left out: a model without factors or an undefined similarity. */
  excludedPairs: number;
  models: number;
  intercept: number | null;
  meanAccuracy: { estimate: number | null; ci: Interval | null };
  accuracyGap: { estimate: number | null; ci: Interval | null };
  terms: RegressionTerm[];
  r2: number | null;
  /** Mean similarity over same-recipe pairs (equal on every key except seed and stream:*). */
  sameRecipeReference: { mean: number | null; pairs: number; ci: Interval | null };
  /** Means by which recipe keys differ × shared or independent randomness. */
  groups: PairGroup[];
  note?: string;
}

type Matrix = readonly (readonly (number | null)[])[];

const METHOD = (B: number) => `dyadic cluster bootstrap over models (${B} resamples; pairs of two distinct drawn models)`;

/**
 * The design over the fitted pairs, column by column: intercept, mean accuracy, accuracy gap, then
 * one 0/1 share indicator per fitted term (the order every fit offers them to the QR).
 */
function designColumns(pairs: readonly Pair[], acc: ArrayLike<number>, indicators: readonly Uint8Array[]): Float64Array[] {
  const n = pairs.length;
  const cols: Float64Array[] = [new Float64Array(n).fill(1), new Float64Array(n), new Float64Array(n)];
  for (const ind of indicators) cols.push(Float64Array.from(ind));
  pairs.forEach((p, r) => {
    cols[1][r] = (acc[p.a] + acc[p.b]) / 2;
    cols[2][r] = Math.abs(acc[p.a] - acc[p.b]);
  });
  return cols;
}

/** The columns' QR, weighted by `weights` (null = every row once). */
function factorize(cols: readonly ArrayLike<number>[], rows: number, weights: ArrayLike<number> | null): IncrementalOls {
  const f = new IncrementalOls(rows, weights);
  for (const c of cols) f.add(c);
  return f;
}

/**
 * Pairwise-regression attribution of one similarity matrix. `matrix[i][j]` null = undefined
 * similarity (pair left out); `factors[i]` undefined = model left out.
 */
export function pairRegression(
  matrix: Matrix,
  accuracy: ArrayLike<number>,
  factorsIn: readonly (ModelFactors | undefined)[],
  options: PairRegressionOptions = {},
): PairRegressionResult {
  return pairRegressions([matrix], accuracy, factorsIn, options)[0];
}

/**
 * pairRegression of several similarity matrices of the same models (κ_EC, CAPA, CKA), one result
 * each, the same as one call each. Matrices defined on the same pairs share the work that depends
 * only on the design: its QR, the bootstrap's resamples and Grams, the permutations.
 */
export function pairRegressions(
  matrices: readonly Matrix[],
  accuracy: ArrayLike<number>,
  factorsIn: readonly (ModelFactors | undefined)[],
  options: PairRegressionOptions = {},
): PairRegressionResult[] {
  const M = factorsIn.length;
  const definedOn = (m: Matrix) => {
    const bits: string[] = [];
    for (let i = 0; i < M; i++)
      for (let j = i + 1; j < M; j++) {
        const v = m[i][j];
        bits.push(factorsIn[i] && factorsIn[j] && v !== null && Number.isFinite(v) ? '1' : '0');
      }
    return bits.join('');
  };
  const byPairs = new Map<string, number[]>();
  matrices.forEach((m, k) => {
    const key = definedOn(m);
    const g = byPairs.get(key);
    if (g) g.push(k);
    else byPairs.set(key, [k]);
  });
  const out: PairRegressionResult[] = new Array<PairRegressionResult>(matrices.length);
  for (const ks of byPairs.values()) {
    const rs = regressOnSamePairs(
      ks.map((k) => matrices[k]),
      accuracy,
      factorsIn,
      options,
    );
    ks.forEach((k, i) => (out[k] = rs[i]));
  }
  return out;
}

/** pairRegressions of matrices defined on the same pairs. */
function regressOnSamePairs(
  matrices: readonly Matrix[],
  accuracy: ArrayLike<number>,
  factorsIn: readonly (ModelFactors | undefined)[],
  options: PairRegressionOptions,
): PairRegressionResult[] {
  const B = options.resamples ?? 1000;
  const Rasked = options.permutations ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  const models = factorsIn.map((f, i) => (f ? i : -1)).filter((i) => i >= 0);
  const F = factorsIn as ModelFactors[];
  const M = factorsIn.length;
  const Y = matrices.length;
  const all: Pair[] = [];
  let excludedPairs = 0;
  const first = matrices[0];
  for (let i = 0; i < M; i++) {
    for (let j = i + 1; j < M; j++) {
      const s = first[i][j];
      if (!F[i] || !F[j] || s === null || !Number.isFinite(s)) excludedPairs++;
      else all.push({ a: i, b: j });
    }
  }
  const { keys, terms, fittedKeys, fittedIndex, indicators: inds } = regressionTerms(all, F, M, models, Y);
  if (all.length === 0)
    return terms.map((list) => ({
      pairs: 0,
      excludedPairs,
      models: models.length,
      intercept: null,
      meanAccuracy: { estimate: null, ci: null },
      accuracyGap: { estimate: null, ci: null },
      terms: list,
      r2: null,
      sameRecipeReference: { mean: null, pairs: 0, ci: null },
      groups: [],
      note: 'no pair of models with factors and a defined similarity',
    }));

  // permutations: as asked, but at most ~1e8 multiply-adds per index (pairs × columns² per refit), at least 99
  const cols = 3 + inds.length;
  const R = Rasked === 0 ? 0 : Math.min(Rasked, Math.max(99, Math.floor(1e8 / (all.length * cols * cols * Math.max(1, fittedKeys.length)))));
  // the design once, its QR for the estimates of every response
  const n = all.length;
  const design = designColumns(all, accuracy, inds);
  const ys = matrices.map((m) => Float64Array.from(all, (q) => m[q.a][q.b] as number));
  const base0 = factorize(design, n, null);
  const est = ys.map((y) => base0.solve(y));
  const tss = ys.map((y) => {
    const ybar = y.reduce((x, v) => x + v, 0) / y.length;
    return y.reduce((x, v) => x + (v - ybar) ** 2, 0);
  });
  terms.forEach((list, k) =>
    fittedIndex.forEach((ti, t) => {
      const term = list[ti];
      const b = est[k].coefficients[3 + t];
      term.estimate = b;
      term.identifiable = b !== null;
      if (b === null) term.reason = 'collinear with the accuracy covariates and the factors before it';
    }),
  );

  // group means: differing recipe keys × shared/independent randomness
  const groups = new PairGroups(all, F, M);
  const ones = new Float64Array(n).fill(1);
  const base = ys.map((y) => {
    const ref = groups.means(ones, y);
    return { sum: Float64Array.from(groups.sum), n: Float64Array.from(groups.n), ref };
  });

  const { x: X, shift } = rowMajorDesign(design, n);
  const p = design.length;
  const { coefReps, groupReps, refReps } = dyadicBootstrap({ x: X, columns: p, shift, ys, pairs: all, models, M, groups, resamples: B, seed });
  const ci = (e: number | null, reps: (number | null)[]) =>
    B > 0 ? percentileInterval(e, reps, { level, seed, covers: ['models'], method: METHOD(B) }) : null;
  terms.forEach((list, k) =>
    fittedIndex.forEach((ti, t) => {
      const term = list[ti];
      term.ci = term.identifiable ? ci(term.estimate, coefReps[k][3 + t]) : null;
    }),
  );

  // permutation tests
  if (R > 0)
    permutationTests({
      fitted: fittedIndex.map((ti, t) => ({ terms: terms.map((list) => list[ti]), keys: fittedKeys[t] })),
      keys,
      models,
      factors: F,
      pairs: all,
      x: X,
      columns: p,
      ys,
      permutations: R,
      seed,
    });

  const refPairs = groups.sameRecipePairs;
  return ys.map((_, k) => {
    const e = est[k].coefficients;
    return {
      pairs: all.length,
      excludedPairs,
      models: models.length,
      intercept: e[0],
      meanAccuracy: { estimate: e[1], ci: e[1] === null ? null : ci(e[1], coefReps[k][1]) },
      accuracyGap: { estimate: e[2], ci: e[2] === null ? null : ci(e[2], coefReps[k][2]) },
      terms: terms[k],
      r2: tss[k] > 0 ? 1 - est[k].rss / tss[k] : null,
      sameRecipeReference: { mean: base[k].ref, pairs: refPairs, ci: refPairs ? ci(base[k].ref, refReps[k]) : null },
      groups: groups.summary(base[k].sum, base[k].n, (mean, g) => ci(mean, groupReps[k][g])),
    };
  });
}
