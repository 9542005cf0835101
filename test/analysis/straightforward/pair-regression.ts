/**
 * The straightforward pairwise-regression attribution (a fresh QR per refit on duplicated rows,
 * closures per indicator): the reference src/analysis/pair-regression.ts is checked against.
 */
import { mulberry32 } from '../../../src/analysis/bootstrap.js';
import { differingRecipeKeys, factorKeys, isRandomKey, sameRecipeOf, shares, sharesRandomness, type ModelFactors } from '../../../src/analysis/factors.js';
import { percentileInterval } from '../../../src/analysis/interval.js';
import type { PairGroup, PairRegressionOptions, PairRegressionResult, RegressionTerm } from '../../../src/analysis/pair-regression.js';
import { ols } from './ols.js';

interface Pair {
  a: number;
  b: number;
  s: number;
}

const METHOD = (B: number) => `dyadic cluster bootstrap over models (${B} resamples; pairs of two distinct drawn models)`;

/** Fits one regression on the given pairs; returns the coefficients (intercept, γ1, γ2, terms…). */
function fit(pairs: readonly Pair[], acc: ArrayLike<number>, indicators: readonly ((a: number, b: number) => number)[]) {
  const n = pairs.length;
  const cols: Float64Array[] = [new Float64Array(n).fill(1), new Float64Array(n), new Float64Array(n)];
  for (const _ of indicators) cols.push(new Float64Array(n));
  const y = new Float64Array(n);
  pairs.forEach((p, r) => {
    y[r] = p.s;
    cols[1][r] = (acc[p.a] + acc[p.b]) / 2;
    cols[2][r] = Math.abs(acc[p.a] - acc[p.b]);
    indicators.forEach((ind, t) => (cols[3 + t][r] = ind(p.a, p.b)));
  });
  return { ...ols(cols, y), y };
}

/** Fisher–Yates shuffle of `a` in place. */
function shuffle<T>(a: T[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}

/**
 * Pairwise-regression attribution of one similarity matrix. `matrix[i][j]` null = undefined
 * similarity (pair left out); `factors[i]` undefined = model left out.
 */
export function pairRegressionStraightforward(
  matrix: readonly (readonly (number | null)[])[],
  accuracy: ArrayLike<number>,
  factorsIn: readonly (ModelFactors | undefined)[],
  options: PairRegressionOptions = {},
): PairRegressionResult {
  const B = options.resamples ?? 1000;
  const Rasked = options.permutations ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  const models = factorsIn.map((f, i) => (f ? i : -1)).filter((i) => i >= 0);
  const F = factorsIn as ModelFactors[];
  const M = factorsIn.length;
  const all: Pair[] = [];
  let excludedPairs = 0;
  for (let i = 0; i < M; i++) {
    for (let j = i + 1; j < M; j++) {
      const s = matrix[i][j];
      if (!F[i] || !F[j] || s === null || !Number.isFinite(s)) excludedPairs++;
      else all.push({ a: i, b: j, s });
    }
  }
  // terms: keys grouped by identical share pattern over the fitted pairs
  const keys = factorKeys(models.map((i) => F[i]));
  const byPattern = new Map<string, string[]>();
  for (const k of keys) {
    const pat = all.map((p) => (shares(F[p.a], F[p.b], k) ? '1' : '0')).join('');
    const g = byPattern.get(pat);
    if (g) g.push(k);
    else byPattern.set(pat, [k]);
  }
  const terms: RegressionTerm[] = [];
  const fitted: { term: RegressionTerm; keys: string[] }[] = [];
  for (const [pat, ks] of byPattern) {
    const shared = [...pat].filter((c) => c === '1').length;
    const term: RegressionTerm = {
      factor: ks.join(' + '),
      keys: ks,
      estimate: null,
      identifiable: false,
      sharedPairs: shared,
      ci: null,
      p: null,
      permutations: 0,
      undefinedPermutations: 0,
      permutedWithin: [],
    };
    if (ks.length > 1) term.permutationNote = `${ks.join(', ')} are shared by exactly the same pairs: one term`;
    terms.push(term);
    if (all.length === 0) term.reason = 'no pair with a defined value';
    else if (shared === 0) term.reason = 'no pair shares it (no variation)';
    else if (shared === all.length) term.reason = 'every pair shares it (no variation)';
    else fitted.push({ term, keys: ks });
  }
  const indicator = (ks: string[]) => (a: number, b: number) => (shares(F[a], F[b], ks[0]) ? 1 : 0);
  const inds = fitted.map((t) => indicator(t.keys));
  const empty: PairRegressionResult = {
    pairs: all.length,
    excludedPairs,
    models: models.length,
    intercept: null,
    meanAccuracy: { estimate: null, ci: null },
    accuracyGap: { estimate: null, ci: null },
    terms,
    r2: null,
    sameRecipeReference: { mean: null, pairs: 0, ci: null },
    groups: [],
  };
  if (all.length === 0) return { ...empty, note: 'no pair of models with factors and a defined similarity' };

  // permutations: as asked, but at most ~1e8 multiply-adds per index (pairs × columns² per refit), at least 99
  const cols = 3 + inds.length;
  const R = Rasked === 0 ? 0 : Math.min(Rasked, Math.max(99, Math.floor(1e8 / (all.length * cols * cols * Math.max(1, fitted.length)))));
  const est = fit(all, accuracy, inds);
  const ybar = est.y.reduce((x, v) => x + v, 0) / est.y.length;
  const tss = est.y.reduce((x, v) => x + (v - ybar) ** 2, 0);
  fitted.forEach(({ term }, t) => {
    const b = est.coefficients[3 + t];
    term.estimate = b;
    term.identifiable = b !== null;
    if (b === null) term.reason = 'collinear with the accuracy covariates and the factors before it';
  });

  // group means: differing recipe keys × shared/independent randomness
  const groupOf = (p: Pair) => {
    const d = differingRecipeKeys(F[p.a], F[p.b]);
    const r = sharesRandomness(F[p.a], F[p.b]) ? 'shared' : 'independent';
    return { d, r: r as 'shared' | 'independent', key: `${d.join('+')}|${r}` };
  };
  const groupKeys = new Map<string, { d: string[]; r: 'shared' | 'independent' }>();
  const pairGroup = all.map((p) => {
    const g = groupOf(p);
    if (!groupKeys.has(g.key)) groupKeys.set(g.key, { d: g.d, r: g.r });
    return g.key;
  });
  const sameRecipe = all.map((p) => sameRecipeOf(F[p.a], F[p.b]));
  const groupMeans = (weights: ArrayLike<number>) => {
    const sum = new Map<string, number>(),
      n = new Map<string, number>();
    let rs = 0,
      rn = 0;
    all.forEach((p, r) => {
      const w = weights[r];
      if (!w) return;
      sum.set(pairGroup[r], (sum.get(pairGroup[r]) ?? 0) + w * p.s);
      n.set(pairGroup[r], (n.get(pairGroup[r]) ?? 0) + w);
      if (sameRecipe[r]) {
        rs += w * p.s;
        rn += w;
      }
    });
    return { sum, n, ref: rn ? rs / rn : null };
  };
  const base = groupMeans(new Float64Array(all.length).fill(1));

  // dyadic cluster bootstrap
  const coefReps: (number | null)[][] = Array.from({ length: 3 + fitted.length }, () => []);
  const groupReps = new Map<string, (number | null)[]>([...groupKeys.keys()].map((k) => [k, []]));
  const refReps: (number | null)[] = [];
  if (B > 0) {
    const rng = mulberry32(seed);
    const pairIndex = new Map<number, number>();
    all.forEach((p, r) => pairIndex.set(p.a * M + p.b, r));
    const mult = new Int32Array(M);
    for (let b = 0; b < B; b++) {
      mult.fill(0);
      for (let d = 0; d < models.length; d++) mult[models[Math.floor(rng() * models.length)]]++;
      // pair (a, b) of distinct drawn models appears mult[a]·mult[b] times
      const w = new Float64Array(all.length);
      const rows: Pair[] = [];
      all.forEach((p, r) => {
        const k = mult[p.a] * mult[p.b];
        w[r] = k;
        for (let c = 0; c < k; c++) rows.push(p);
      });
      if (rows.length < 2) {
        for (const rep of coefReps) rep.push(null);
        for (const rep of groupReps.values()) rep.push(null);
        refReps.push(null);
        continue;
      }
      const f = fit(rows, accuracy, inds);
      f.coefficients.forEach((c, i) => coefReps[i].push(c));
      const g = groupMeans(w);
      for (const [k, rep] of groupReps) {
        const n = g.n.get(k) ?? 0;
        rep.push(n ? (g.sum.get(k) ?? 0) / n : null);
      }
      refReps.push(g.ref);
    }
  }
  const ci = (e: number | null, reps: (number | null)[]) =>
    B > 0 ? percentileInterval(e, reps, { level, seed, covers: ['models'], method: METHOD(B) }) : null;
  fitted.forEach(({ term }, t) => (term.ci = term.identifiable ? ci(term.estimate, coefReps[3 + t]) : null));

  // permutation tests
  if (R > 0) {
    fitted.forEach(({ term, keys: ks }, t) => {
      if (!term.identifiable || term.estimate === null) return;
      const levelNames = new Map<string, number>();
      const levelId = new Int32Array(M);
      for (const i of models) {
        const name = ks.map((k) => F[i][k] ?? '\u0000').join('\u0001');
        if (!levelNames.has(name)) levelNames.set(name, levelNames.size);
        levelId[i] = levelNames.get(name) as number;
      }
      const levelOf = (i: number) => levelId[i];
      const others = keys.filter((k) => !ks.includes(k));
      const candidates = [others, others.filter((k) => !isRandomKey(k)), []];
      let within: string[] | null = null;
      let strata: number[][] = [];
      for (const c of candidates) {
        const groups = new Map<string, number[]>();
        for (const i of models) {
          const k = c.map((x) => F[i][x] ?? '\u0000').join('\u0001');
          const g = groups.get(k);
          if (g) g.push(i);
          else groups.set(k, [i]);
        }
        const s = [...groups.values()].filter((g) => new Set(g.map(levelOf)).size > 1);
        if (s.length) {
          within = c;
          strata = s;
          break;
        }
      }
      if (within === null) {
        term.permutationNote = [term.permutationNote, 'every model has its own level: nothing to permute'].filter(Boolean).join('; ');
        return;
      }
      term.permutedWithin = within;
      const rng = mulberry32((seed ^ (0x9e3779b9 * (t + 1))) >>> 0);
      const obs = Math.abs(term.estimate);
      let hits = 0,
        defined = 0;
      const perm = new Int32Array(M).map((_, i) => i);
      for (let r = 0; r < R; r++) {
        for (const g of strata) {
          const labels = g.slice();
          shuffle(labels, rng);
          g.forEach((i, k) => (perm[i] = labels[k]));
        }
        const permuted = inds.slice();
        permuted[t] = (a: number, b: number) => (levelOf(perm[a]) === levelOf(perm[b]) ? 1 : 0);
        const f = fit(all, accuracy, permuted);
        const v = f.coefficients[3 + t];
        if (v === null) {
          term.undefinedPermutations++;
          continue;
        }
        defined++;
        if (Math.abs(v) >= obs - 1e-12) hits++;
      }
      term.permutations = defined;
      term.p = (1 + hits) / (1 + defined);
    });
  }

  const groups: PairGroup[] = [...groupKeys.entries()]
    .map(([k, g]) => ({
      differing: g.d,
      label: g.d.length ? `differ in ${g.d.join(' + ')}` : 'same recipe',
      randomness: g.r,
      pairs: pairGroup.filter((x) => x === k).length,
      mean: (base.sum.get(k) ?? 0) / (base.n.get(k) ?? 1),
      ci: ci((base.sum.get(k) ?? 0) / (base.n.get(k) ?? 1), groupReps.get(k) ?? []),
    }))
    .sort((a, b) => a.differing.length - b.differing.length || a.label.localeCompare(b.label) || a.randomness.localeCompare(b.randomness));
  const refPairs = sameRecipe.filter(Boolean).length;
  return {
    pairs: all.length,
    excludedPairs,
    models: models.length,
    intercept: est.coefficients[0],
    meanAccuracy: { estimate: est.coefficients[1], ci: est.coefficients[1] === null ? null : ci(est.coefficients[1], coefReps[1]) },
    accuracyGap: { estimate: est.coefficients[2], ci: est.coefficients[2] === null ? null : ci(est.coefficients[2], coefReps[2]) },
    terms,
    r2: tss > 0 ? 1 - est.rss / tss : null,
    sameRecipeReference: { mean: base.ref, pairs: refPairs, ci: refPairs ? ci(base.ref, refReps) : null },
    groups,
  };
}
