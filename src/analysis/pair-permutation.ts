/**
 * The permutation test of the pairwise regression (METRICS.md §10.1): for each fitted term, its
 * level labels are permuted across models — within strata of the other factors, or of the other
 * recipe factors, where that permutes anything, else across all models — the share column is
 * rebuilt and the regression refit; p = (1 + #{|β*| ≥ |β|}) / (1 + R), permutations where the term
 * is not identifiable left out of R. The QR of the columns before the term is kept across refits
 * and the later columns are reduced by it once.
 */
import { mulberry32 } from './bootstrap.js';
import { internedBy, isRandomKey, type ModelFactors } from './factors.js';
import type { IncrementalOls, ReducedColumn } from './ols.js';

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
  /** The fitted terms in design order (term t is design column 3 + t) and their keys. */
  fitted: readonly { term: PermutedTerm; keys: string[] }[];
  /** Every factor key of the fit. */
  keys: readonly string[];
  /** The models with factors. */
  models: readonly number[];
  factors: readonly ModelFactors[];
  pairs: readonly { a: number; b: number }[];
  design: readonly Float64Array[];
  y: Float64Array;
  /** The QR of the whole design; left as it was found. */
  fit: IncrementalOls;
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
  const { fitted, keys, models, factors: F, pairs, design, y, fit, permutations: R, seed } = inp;
  const M = F.length;
  const n = pairs.length;
  const pa = Int32Array.from(pairs, (p) => p.a);
  const pb = Int32Array.from(pairs, (p) => p.b);
  const permCol = new Float64Array(n);
  fitted.forEach(({ term, keys: ks }, t) => {
    if (!term.identifiable || term.estimate === null) return;
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
      term.permutationNote = [term.permutationNote, 'every model has its own level: nothing to permute'].filter(Boolean).join('; ');
      return;
    }
    term.permutedWithin = within;
    const rng = mulberry32((seed ^ (0x9e3779b9 * (t + 1))) >>> 0);
    const obs = Math.abs(term.estimate);
    let hits = 0,
      defined = 0;
    const perm = new Int32Array(M).map((_, i) => i);
    const permLevel = new Int32Array(M);
    const col = 3 + t;
    // the columns after this term, reduced once by the columns before it
    fit.truncate(col);
    const later: ReducedColumn[] = [];
    for (let c = col + 1; c < design.length; c++) later.push(fit.reduce(design[c]));
    for (let r = 0; r < R; r++) {
      for (const g of strata) {
        const labels = g.slice();
        shuffle(labels, rng);
        g.forEach((i, k) => (perm[i] = labels[k]));
      }
      for (let i = 0; i < M; i++) permLevel[i] = levelId[perm[i]];
      for (let q = 0; q < n; q++) permCol[q] = permLevel[pa[q]] === permLevel[pb[q]] ? 1 : 0;
      // the columns before this term are unchanged: keep their QR, redo this one and the later ones
      fit.truncate(col);
      fit.add(permCol);
      later.forEach((rc, i) => fit.addReduced(rc, design[col + 1 + i]));
      const v = fit.solve(y, false).coefficients[col];
      if (v === null) {
        term.undefinedPermutations++;
        continue;
      }
      defined++;
      if (Math.abs(v) >= obs - 1e-12) hits++;
    }
    // back to the unpermuted design for the next term
    fit.truncate(col);
    for (let c = col; c < design.length; c++) fit.add(design[c]);
    term.permutations = defined;
    term.p = (1 + hits) / (1 + defined);
  });
}
