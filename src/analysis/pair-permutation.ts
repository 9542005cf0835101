/**
 * The permutation test of the pairwise regression (METRICS.md §10.1): for each fitted term, its
 * level labels are permuted across models — within strata of the other factors, or of the other
 * recipe factors, where that permutes anything, else across all models — the share column is
 * rebuilt and the regression refit; p = (1 + #{|β*| ≥ |β|}) / (1 + R), permutations where the term
 * is not identifiable left out of R. Each refit is a Gram solve (gram-ols.ts): a permutation
 * changes the term's row and column of the Gram only, summed over the pairs that share a permuted
 * level (level by level); the observed |β| it is compared with comes from the Gram solve of the
 * unpermuted design (a permutation that rebuilds the same column differs from it by rounding only,
 * inside the comparison's 1e-12).
 */
import { mulberry32 } from './bootstrap.js';
import { internedBy, isRandomKey, type ModelFactors } from './factors.js';
import { accumulateGram, GramSolver } from './gram-ols.js';

/** The fields of a regression term (pair-regression.ts's RegressionTerm) the test reads and fills. */
export interface PermutedTerm {
  estimate: number | null;
  identifiable: boolean;
  p: number | null;
  permutations: number;
  undefinedPermutations: number;
  permutedWithin: string[];
  permutationNote?: string;
}

export interface PermutationInput {
  /** The fitted terms in design order (term t is design column 3 + t), one per response, and their keys. */
  fitted: readonly { terms: readonly PermutedTerm[]; keys: string[] }[];
  /** Every factor key of the fit. */
  keys: readonly string[];
  /** The models with factors. */
  models: readonly number[];
  factors: readonly ModelFactors[];
  pairs: readonly { a: number; b: number }[];
  /** The design row by row (pairs × columns); columns other than the terms' may be shifted. */
  x: Float64Array;
  columns: number;
  /** The responses (one similarity per pair each), tested on the same permutations. */
  ys: readonly Float64Array[];
  permutations: number;
  seed: number;
}

/** Fisher–Yates shuffle of `a` in place. */
function shuffle<T>(a: T[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}

/** Each model's values of `keys` as one id (JSON of the values: no separator can collide). */
const levelsOf = (F: readonly ModelFactors[], keys: readonly string[]) => internedBy(F, F.length, (f) => JSON.stringify(keys.map((k) => f[k] ?? null)));

/** The models grouped by their values of `keys`, groups in order of first appearance. */
function groupBy(models: readonly number[], F: readonly ModelFactors[], keys: readonly string[]): number[][] {
  const { id, count } = levelsOf(F, keys);
  const groups: number[][] = Array.from({ length: count }, () => []);
  for (const i of models) groups[id[i]].push(i);
  return groups.filter((g) => g.length > 0);
}

/** Fills each identifiable term's p, permutations, undefinedPermutations, permutedWithin (and a note when nothing permutes). */
export function permutationTests(inp: PermutationInput): void {
  const { fitted, keys, models, factors: F, pairs, x, columns: p, ys, permutations: R, seed } = inp;
  const M = F.length;
  const n = pairs.length;
  const Y = ys.length;
  const pa = Int32Array.from(pairs, (q) => q.a);
  const pb = Int32Array.from(pairs, (q) => q.b);
  const every = new Int32Array(n).map((_, r) => r);
  // pair index of (a, b), a < b (models in ascending order), −1 when the pair is not fitted
  const pairIndex = new Int32Array(M * M).fill(-1);
  for (let q = 0; q < n; q++) pairIndex[pa[q] * M + pb[q]] = q;
  const gram0 = new Float64Array(p * p);
  const xty0 = ys.map(() => new Float64Array(p));
  accumulateGram(x, p, ys, null, every, n, gram0, xty0);
  const solver = new GramSolver(p);
  const beta = new Float64Array(p);
  const observed = xty0.map((xty) => {
    solver.solve(gram0, xty, beta);
    return Float64Array.from(beta);
  });
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const sums = new Float64Array(p);
  const sy = new Float64Array(Y);
  fitted.forEach(({ terms, keys: ks }, t) => {
    const col = 3 + t;
    const term0 = terms[0];
    if (!term0.identifiable || term0.estimate === null || Number.isNaN(observed[0][col])) return;
    const levelId = levelsOf(F, ks).id;
    const others = keys.filter((k) => !ks.includes(k));
    const candidates = [others, others.filter((k) => !isRandomKey(k)), []];
    let within: string[] | null = null;
    let strata: number[][] = [];
    for (const c of candidates) {
      const s = groupBy(models, F, c).filter((g) => new Set(g.map((i) => levelId[i])).size > 1);
      if (s.length) {
        within = c;
        strata = s;
        break;
      }
    }
    if (within === null) {
      for (const term of terms) term.permutationNote = [term.permutationNote, 'every model has its own level: nothing to permute'].filter(Boolean).join('; ');
      return;
    }
    for (const term of terms) term.permutedWithin = within;
    const rng = mulberry32((seed ^ (0x9e3779b9 * (t + 1))) >>> 0);
    const obs = observed.map((o) => Math.abs(o[col]));
    const hits = new Int32Array(Y);
    let defined = 0,
      undefinedCount = 0;
    const perm = new Int32Array(M).map((_, i) => i);
    const permLevel = new Int32Array(M);
    const levels = levelId.reduce((m, l) => Math.max(m, l + 1), 0);
    const bucketStart = new Int32Array(levels + 1);
    const fill = new Int32Array(levels);
    const bucketed = new Int32Array(models.length);
    for (let r = 0; r < R; r++) {
      for (const g of strata) {
        const labels = g.slice();
        shuffle(labels, rng);
        g.forEach((i, k) => (perm[i] = labels[k]));
      }
      for (let i = 0; i < M; i++) permLevel[i] = levelId[perm[i]];
      // the term's row and column of the Gram: sums of every column (and each y) over the pairs
      // that share a permuted level, visited level by level (models bucketed by level, ascending)
      bucketStart.fill(0);
      for (const i of models) bucketStart[permLevel[i] + 1]++;
      for (let l = 0; l < levels; l++) bucketStart[l + 1] += bucketStart[l];
      fill.set(bucketStart.subarray(0, levels));
      for (const i of models) bucketed[fill[permLevel[i]]++] = i;
      sums.fill(0);
      sy.fill(0);
      let shared = 0;
      for (let l = 0; l < levels; l++) {
        const end = bucketStart[l + 1];
        for (let u = bucketStart[l]; u < end; u++) {
          const rowBase = bucketed[u] * M;
          for (let v = u + 1; v < end; v++) {
            const q = pairIndex[rowBase + bucketed[v]];
            if (q < 0) continue;
            shared++;
            for (let k = 0; k < Y; k++) sy[k] += ys[k][q];
            const o = q * p;
            for (let j = 0; j < p; j++) sums[j] += x[o + j];
          }
        }
      }
      gram.set(gram0);
      for (let j = 0; j < col; j++) gram[j * p + col] = sums[j];
      for (let j = col + 1; j < p; j++) gram[col * p + j] = sums[j];
      gram[col * p + col] = shared;
      let isDefined = true;
      for (let k = 0; k < Y && isDefined; k++) {
        xty.set(xty0[k]);
        xty[col] = sy[k];
        solver.solve(gram, xty, beta);
        const v = beta[col];
        // identifiability depends on the design only: the same for every response
        if (Number.isNaN(v)) isDefined = false;
        else if (Math.abs(v) >= obs[k] - 1e-12) hits[k]++;
      }
      if (isDefined) defined++;
      else undefinedCount++;
    }
    terms.forEach((term, k) => {
      term.undefinedPermutations = undefinedCount;
      term.permutations = defined;
      term.p = (1 + hits[k]) / (1 + defined);
    });
  });
}
