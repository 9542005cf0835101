/**
 * Linear CKA (Kornblith et al. 2019) and debiased linear CKA (HSIC_1, Song et al. 2012) between
 * two representations of the same examples (METRICS.md §5). With fold ids, HSIC is computed
 * within each fold and pooled as minibatch CKA (Nguyen et al. 2021):
 *   CKA = mean_f HSIC(K_f, L_f) / √(mean_f HSIC(K_f, K_f) · mean_f HSIC(L_f, L_f)).
 * Feature-space form with centred X (n × d):
 *   biased   HSIC_0 = ‖XᵀY‖²_F / (n−1)²
 *   debiased HSIC_1 = [‖XᵀY‖²_F − n/(n−2)·Σ_i ‖x_i‖²‖y_i‖² + ‖X‖²_F‖Y‖²_F/((n−1)(n−2))] / (n(n−3))
 * (the second is the METRICS.md §5.2 Gram formula with K = XXᵀ written in feature space).
 */
import { summarizePairs, type Maybe, type PairMatrix } from './pair-summary.js';

/** n × d features, row-major. */
export interface FeatureMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

export interface CkaOptions {
  /** Use HSIC_1 (debiased) instead of HSIC_0. Default false. */
  debiased?: boolean;
  /** Fold id per row: HSIC is computed within each fold and pooled (minibatch CKA). */
  folds?: ArrayLike<number>;
}

interface FoldData {
  n: number;
  d: number;
  x: Float64Array; // centred within fold, n × d
  rowNorms: Float64Array;
  sqNorm: number;
  gram?: Float64Array; // n × n
}

function groupRows(rows: number, folds?: ArrayLike<number>): number[][] {
  if (!folds) return [Array.from({ length: rows }, (_, i) => i)];
  const by = new Map<number, number[]>();
  for (let r = 0; r < rows; r++) {
    const f = folds[r];
    let g = by.get(f);
    if (!g) by.set(f, (g = []));
    g.push(r);
  }
  return [...by.keys()].sort((a, b) => a - b).map((k) => by.get(k) as number[]);
}

function foldData(f: FeatureMatrix, rows: number[], withGram: boolean): FoldData {
  const n = rows.length;
  const d = f.cols;
  const x = new Float64Array(n * d);
  const mean = new Float64Array(d);
  for (const r of rows) for (let c = 0; c < d; c++) mean[c] += f.data[r * d + c] / n;
  const rowNorms = new Float64Array(n);
  let sqNorm = 0;
  rows.forEach((r, i) => {
    let s = 0;
    for (let c = 0; c < d; c++) {
      const v = f.data[r * d + c] - mean[c];
      x[i * d + c] = v;
      s += v * v;
    }
    rowNorms[i] = s;
    sqNorm += s;
  });
  let gram: Float64Array | undefined;
  if (withGram) {
    gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += x[i * d + c] * x[j * d + c];
        gram[i * n + j] = s;
        gram[j * n + i] = s;
      }
    }
  }
  return { n, d, x, rowNorms, sqNorm, gram };
}

/** ‖XᵀY‖²_F = tr(K L). */
function crossNorm(a: FoldData, b: FoldData): number {
  if (a.gram && b.gram) {
    let s = 0;
    for (let t = 0; t < a.gram.length; t++) s += a.gram[t] * b.gram[t];
    return s;
  }
  const { n, d: da, x: xa } = a;
  const { d: db, x: xb } = b;
  const xty = new Float64Array(da * db);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < da; i++) {
      const v = xa[r * da + i];
      if (v === 0) continue;
      const o = i * db;
      for (let j = 0; j < db; j++) xty[o + j] += v * xb[r * db + j];
    }
  }
  let s = 0;
  for (let t = 0; t < xty.length; t++) s += xty[t] * xty[t];
  return s;
}

function hsic(a: FoldData, b: FoldData, debiased: boolean): number {
  const n = a.n;
  const dot = crossNorm(a, b);
  if (!debiased) return dot / ((n - 1) * (n - 1));
  let rows = 0;
  for (let i = 0; i < n; i++) rows += a.rowNorms[i] * b.rowNorms[i];
  return (dot - (n / (n - 2)) * rows + (a.sqNorm * b.sqNorm) / ((n - 1) * (n - 2))) / (n * (n - 3));
}

interface Prepared {
  folds: FoldData[];
  self: number;
  /** Centred features are (numerically) all zero. */
  zeroVariance: boolean;
}

/** Centred fold data per feature matrix, reused across calls (biased and debiased CKA share it). */
const foldCache = new WeakMap<FeatureMatrix, { key: string; folds: FoldData[] }>();

function cachedFolds(f: FeatureMatrix, groups: number[][], withGram: boolean): FoldData[] {
  const key = `${withGram}|${groups.map((g) => g.join(' ')).join(',')}`;
  const hit = foldCache.get(f);
  if (hit && hit.key === key) return hit.folds;
  const folds = groups.map((g) => foldData(f, g, withGram));
  foldCache.set(f, { key, folds });
  return folds;
}

function prepare(f: FeatureMatrix, groups: number[][], debiased: boolean, withGram: boolean): Prepared {
  const folds = cachedFolds(f, groups, withGram);
  let self = 0;
  let centred = 0;
  for (const fd of folds) {
    self += hsic(fd, fd, debiased);
    centred += fd.sqNorm;
  }
  let raw = 0;
  for (const g of groups) for (const r of g) for (let c = 0; c < f.cols; c++) raw += f.data[r * f.cols + c] ** 2;
  return { folds, self: self / folds.length, zeroVariance: centred <= 1e-20 * raw || centred === 0 };
}

function usableGroups(rows: number, options: CkaOptions): number[][] | string {
  const min = options.debiased ? 4 : 2;
  const groups = groupRows(rows, options.folds).filter((g) => g.length >= min);
  if (groups.length === 0) return options.debiased ? 'n < 4 in every fold: HSIC_1 needs n ≥ 4' : 'n < 2';
  return groups;
}

function ratio(cross: number, a: Prepared, b: Prepared): Maybe {
  if (a.zeroVariance || b.zeroVariance) return { value: null, reason: 'zero-variance features: HSIC(K,K) = 0' };
  if (a.self <= 0 || b.self <= 0) return { value: null, reason: 'HSIC(K,K) ≤ 0 (debiased estimate)' };
  const v = cross / Math.sqrt(a.self * b.self);
  return Number.isFinite(v) ? { value: v } : { value: null, reason: 'non-finite CKA' };
}

/** Linear CKA between two representations of the same rows. */
export function linearCka(x: FeatureMatrix, y: FeatureMatrix, options: CkaOptions = {}): Maybe {
  if (x.rows !== y.rows) throw new RangeError(`linearCka: ${x.rows} rows vs ${y.rows} rows`);
  const groups = usableGroups(x.rows, options);
  if (typeof groups === 'string') return { value: null, reason: groups };
  const debiased = options.debiased ?? false;
  const a = prepare(x, groups, debiased, false);
  const b = prepare(y, groups, debiased, false);
  let cross = 0;
  for (let f = 0; f < groups.length; f++) cross += hsic(a.folds[f], b.folds[f], debiased);
  return ratio(cross / groups.length, a, b);
}

/**
 * Linear CKA for every pair of models that has features (null entries are skipped and their
 * pairs are null). Uses Gram matrices when folds are smaller than the feature products.
 */
export function linearCkaMatrix(features: readonly (FeatureMatrix | undefined)[], options: CkaOptions = {}): PairMatrix {
  const M = features.length;
  const debiased = options.debiased ?? false;
  const first = features.find((f) => f !== undefined);
  if (!first)
    return summarizePairs(
      M,
      () => ({ value: null, reason: 'no features' }),
      () => null,
    );
  const groups = usableGroups(first.rows, options);
  if (typeof groups === 'string')
    return summarizePairs(
      M,
      () => ({ value: null, reason: groups }),
      () => null,
    );
  let gramCost = 0;
  let featCost = 0;
  const dmax = Math.max(...features.map((f) => f?.cols ?? 0));
  for (const g of groups) {
    gramCost += g.length * g.length;
    featCost += g.length * dmax * dmax;
  }
  const withGram = gramCost < featCost && gramCost * M * 8 < 2 ** 30;
  const prepared = features.map((f) => (f ? prepare(f, groups, debiased, withGram) : undefined));
  return summarizePairs(
    M,
    (i, j) => {
      const a = prepared[i];
      const b = prepared[j];
      if (!a || !b) return { value: null, reason: 'no features' };
      let cross = 0;
      for (let f = 0; f < groups.length; f++) cross += hsic(a.folds[f], b.folds[f], debiased);
      return ratio(cross / groups.length, a, b);
    },
    (i) => {
      const p = prepared[i];
      return p && !p.zeroVariance && p.self > 0 ? 1 : null;
    },
  );
}
