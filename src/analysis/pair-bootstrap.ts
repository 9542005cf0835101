/**
 * The dyadic cluster bootstrap of the pairwise regression (METRICS.md §10.1): resample models with
 * replacement; the pair (a, b) of two distinct drawn models is a row of weight mult_a·mult_b; refit
 * from the weighted Gram (gram-ols.ts) — one Gram per resample, one Xᵀy and solve per response —
 * and take every response's group means (pair-groups.ts) on the same weights. Each pair's products
 * x_i·x_j (i ≤ j) and x_i·y_k are computed once, so a resample's Gram and Xᵀy are one weighted sum
 * of the drawn pairs' rows of products (wasm-rowsum.ts).
 */
import { mulberry32 } from './bootstrap.js';
import { GramSolver } from './gram-ols.js';
import type { PairGroups } from './pair-groups.js';
import { pairSummer } from './wasm-rowsum.js';

/** Per row r: x_ri·x_rj for i ≤ j (row-major upper triangle), then x_ri·y_kr for each response k and column i. */
export function pairProducts(x: Float64Array, p: number, ys: readonly ArrayLike<number>[], n: number): { z: Float64Array; width: number } {
  const width = (p * (p + 1)) / 2 + ys.length * p;
  const z = new Float64Array(n * width);
  for (let r = 0; r < n; r++) {
    const o = r * p;
    let c = r * width;
    for (let i = 0; i < p; i++) for (let j = i; j < p; j++) z[c++] = x[o + i] * x[o + j];
    for (const y of ys) for (let i = 0; i < p; i++) z[c++] = x[o + i] * y[r];
  }
  return { z, width };
}

/**
 * The design row by row (n × p) with the accuracy columns (1 and 2) shifted by their means: the
 * same coefficients but the intercept, a better conditioned Gram.
 */
export function rowMajorDesign(design: readonly Float64Array[], n: number): { x: Float64Array; shift: number[] } {
  const p = design.length;
  const shift = design.map((c, j) => (j === 1 || j === 2 ? c.reduce((s, v) => s + v, 0) / n : 0));
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const c = design[j],
      sj = shift[j];
    for (let r = 0; r < n; r++) x[r * p + j] = c[r] - sj;
  }
  return { x, shift };
}

export interface DyadicBootstrapInput {
  x: Float64Array;
  columns: number;
  /** rowMajorDesign's shifts: the intercept is shifted back. */
  shift: readonly number[];
  ys: readonly Float64Array[];
  pairs: readonly { a: number; b: number }[];
  /** The models with factors (those resampled) and the number of models. */
  models: readonly number[];
  M: number;
  groups: PairGroups;
  resamples: number;
  seed: number;
}

/** Per response: the replicates of every coefficient, of every group mean and of the same-recipe reference (null where undefined). */
export function dyadicBootstrap(inp: DyadicBootstrapInput): {
  coefReps: (number | null)[][][];
  groupReps: (number | null)[][][];
  refReps: (number | null)[][];
} {
  const { x: X, columns: p, shift, ys, pairs, models, M, groups, resamples: B, seed } = inp;
  const n = pairs.length;
  const Y = ys.length;
  const G = groups.count;
  const solver = new GramSolver(p);
  const gram = new Float64Array(p * p);
  const xtys = ys.map(() => new Float64Array(p));
  const { z, width } = pairProducts(X, p, ys, n);
  const summer = pairSummer(
    z,
    n,
    width,
    Int32Array.from(pairs, (q) => q.a),
    Int32Array.from(pairs, (q) => q.b),
    M,
  );
  const beta = new Float64Array(p);
  const coefReps: (number | null)[][][] = ys.map(() => Array.from({ length: p }, () => []));
  const groupReps: (number | null)[][][] = ys.map(() => Array.from({ length: G }, () => []));
  const refReps: (number | null)[][] = ys.map(() => []);
  if (B <= 0) return { coefReps, groupReps, refReps };
  const rng = mulberry32(seed);
  const { w, rows: active, mult } = summer;
  const drawn = { list: active, count: 0 };
  for (let b = 0; b < B; b++) {
    mult.fill(0);
    for (let d = 0; d < models.length; d++) mult[models[Math.floor(rng() * models.length)]]++;
    // pair (a, b) of distinct drawn models appears mult[a]·mult[b] times: a row of that weight
    const { count: nActive, total: rows } = summer.weigh();
    if (rows < 2) {
      for (let k = 0; k < Y; k++) {
        for (const rep of coefReps[k]) rep.push(null);
        for (const rep of groupReps[k]) rep.push(null);
        refReps[k].push(null);
      }
      continue;
    }
    const sums = summer.sum(nActive);
    drawn.count = nActive;
    let c = 0;
    for (let i = 0; i < p; i++) for (let j = i; j < p; j++) gram[i * p + j] = sums[c++];
    for (const xty of xtys) for (let i = 0; i < p; i++) xty[i] = sums[c++];
    for (let k = 0; k < Y; k++) {
      solver.solve(gram, xtys[k], beta);
      let b0 = beta[0];
      for (let j = 1; j < p; j++) if (shift[j] && !Number.isNaN(beta[j])) b0 -= shift[j] * beta[j];
      coefReps[k][0].push(Number.isNaN(b0) ? null : b0);
      for (let j = 1; j < p; j++) coefReps[k][j].push(Number.isNaN(beta[j]) ? null : beta[j]);
      const ref = groups.means(w, ys[k], drawn);
      for (let g = 0; g < G; g++) groupReps[k][g].push(groups.n[g] ? groups.sum[g] / groups.n[g] : null);
      refReps[k].push(ref);
    }
  }
  return { coefReps, groupReps, refReps };
}
