/** The original modified Gram–Schmidt OLS (one fresh QR per call): reference for src/analysis/ols.ts. */

export interface OlsResult {
  /** One coefficient per design column; null for a dropped (collinear or constant-zero) column. */
  coefficients: (number | null)[];
  /** Indices of the columns dropped as collinear with the columns before them. */
  dropped: number[];
  /** Residual sum of squares. */
  rss: number;
  /** Rows used. */
  rows: number;
}

/** Relative residual norm below which a column counts as collinear with the columns before it. */
export const COLLINEAR_TOLERANCE = 1e-9;

/**
 * Fits y ≈ X·β. `columns[c]` is column c of the design (length = rows); `y` the response.
 * Column c is dropped when, after removing its projection on the kept columns before it, its
 * norm is below COLLINEAR_TOLERANCE times its original norm (or it is all zeros).
 */
export function ols(columns: readonly ArrayLike<number>[], y: ArrayLike<number>): OlsResult {
  const n = y.length;
  const P = columns.length;
  const q: Float64Array[] = [];
  const keptIdx: number[] = [];
  // R (upper triangular) over the kept columns, row-major by kept index
  const R: number[][] = [];
  const dropped: number[] = [];
  for (let c = 0; c < P; c++) {
    const v = Float64Array.from(columns[c]);
    if (v.length !== n) throw new RangeError(`ols: column ${c} has ${v.length} rows, y has ${n}`);
    let norm0 = 0;
    for (let r = 0; r < n; r++) norm0 += v[r] * v[r];
    norm0 = Math.sqrt(norm0);
    const rcol: number[] = [];
    for (let k = 0; k < q.length; k++) {
      const qk = q[k];
      let d = 0;
      for (let r = 0; r < n; r++) d += qk[r] * v[r];
      for (let r = 0; r < n; r++) v[r] -= d * qk[r];
      rcol.push(d);
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += v[r] * v[r];
    norm = Math.sqrt(norm);
    if (norm0 === 0 || norm <= COLLINEAR_TOLERANCE * norm0) {
      dropped.push(c);
      continue;
    }
    for (let r = 0; r < n; r++) v[r] /= norm;
    rcol.push(norm);
    q.push(v);
    keptIdx.push(c);
    R.push(rcol);
  }
  // Qᵀy, then back-substitution R β = Qᵀy (R[k] holds column k's entries rows 0..k)
  const p = q.length;
  const qty = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let d = 0;
    for (let r = 0; r < n; r++) d += q[k][r] * y[r];
    qty[k] = d;
  }
  const beta = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = qty[k];
    for (let j = k + 1; j < p; j++) s -= R[j][k] * beta[j];
    beta[k] = s / R[k][k];
  }
  let rss = 0;
  for (let r = 0; r < n; r++) {
    let fit = 0;
    for (let k = 0; k < p; k++) fit += beta[k] * columns[keptIdx[k]][r];
    rss += (y[r] - fit) ** 2;
  }
  const coefficients: (number | null)[] = new Array<number | null>(P).fill(null);
  keptIdx.forEach((c, k) => (coefficients[c] = beta[k]));
  return { coefficients, dropped, rss, rows: n };
}
