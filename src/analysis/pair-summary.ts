/**
 * Shared shape for pairwise indices: an M × M matrix with null where the index is undefined, the
 * mean over defined pairs i < j, and how many pairs were left out of the mean and why
 * (METRICS.md §9: undefined values are null with a reason, never NaN; excluded pairs are counted).
 */

/** A number that may be undefined; when it is, `reason` says why. */
export interface Maybe {
  value: number | null;
  reason?: string;
}

export interface PairMatrix {
  /** M × M, symmetric; null where the index is undefined for that pair. */
  matrix: (number | null)[][];
  /** Mean over pairs i < j whose value is defined; null when none is. */
  mean: number | null;
  /** Number of pairs i < j (M(M−1)/2). */
  pairs: number;
  /** Pairs left out of the mean because the value is undefined. */
  excluded: number;
  /** Count of excluded pairs by reason. */
  excludedReasons: Record<string, number>;
}

/** Builds a PairMatrix from a per-pair function; `diag` gives the diagonal (or null). */
export function summarizePairs(M: number, pair: (i: number, j: number) => Maybe, diag: (i: number) => number | null): PairMatrix {
  const matrix: (number | null)[][] = [];
  for (let i = 0; i < M; i++) matrix.push(new Array<number | null>(M).fill(null));
  let sum = 0;
  let n = 0;
  let excluded = 0;
  const excludedReasons: Record<string, number> = {};
  for (let i = 0; i < M; i++) {
    matrix[i][i] = diag(i);
    for (let j = i + 1; j < M; j++) {
      const r = pair(i, j);
      const v = r.value === null || !Number.isFinite(r.value) ? null : r.value;
      matrix[i][j] = v;
      matrix[j][i] = v;
      if (v === null) {
        excluded++;
        const why = r.reason ?? 'undefined';
        excludedReasons[why] = (excludedReasons[why] ?? 0) + 1;
      } else {
        sum += v;
        n++;
      }
    }
  }
  return { matrix, mean: n === 0 ? null : sum / n, pairs: (M * (M - 1)) / 2, excluded, excludedReasons };
}

/** Mean of the defined values of a pairwise function over i < j, without building a matrix. */
export function meanOverPairs(M: number, pair: (i: number, j: number) => number | null): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < M; i++) {
    for (let j = i + 1; j < M; j++) {
      const v = pair(i, j);
      if (v !== null && Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
  }
  return n === 0 ? null : sum / n;
}

/** Tolerance below which a denominator counts as zero. */
export const EPS = 1e-12;
