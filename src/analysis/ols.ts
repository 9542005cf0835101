/**
 * Ordinary least squares by modified Gram–Schmidt QR, taking the columns in the order given and
 * dropping a column that is (numerically) a linear combination of the columns kept before it. The
 * kept columns' coefficients are the least-squares solution of the reduced design; a dropped
 * column's coefficient is null ("not identifiable"). Used by the pairwise-regression attribution.
 *
 * `IncrementalOls` is the same factorisation one column at a time, with optional row weights
 * (a row of weight k is k copies of that row: the inner products become Σ_r w_r·a_r·b_r) and a
 * `truncate` back to the state after the first c columns, so a refit that changes only column c
 * and later ones (a permutation test) redoes only those. `ols` is `IncrementalOls` unweighted.
 */

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
 * Modified Gram–Schmidt QR built column by column. Column c is dropped when, after removing its
 * projection on the kept columns before it, its (weighted) norm is below COLLINEAR_TOLERANCE times
 * its original norm (or it is all zeros).
 */
export class IncrementalOls {
  rows: number;
  private w: Float64Array | null;
  /** Orthonormal columns, one per kept column (buffers reused across truncations). */
  private readonly q: Float64Array[] = [];
  /** R[k]: kept column k's entries in rows 0..k of R. */
  private readonly R: number[][] = [];
  private readonly keptIdx: number[] = [];
  private readonly keptCols: ArrayLike<number>[] = [];
  /** Per offered column: kept (its kept index) or −1 (dropped). */
  private readonly offered: number[] = [];
  private kept = 0;

  /** `weights` (length rows, ≥ 0) or null for all ones. */
  constructor(rows: number, weights: ArrayLike<number> | null = null) {
    this.rows = rows;
    this.w = weights === null ? null : Float64Array.from(weights);
  }

  /** Starts over (no columns) on `rows` rows with new weights, reusing the buffers. */
  reset(rows: number, weights: ArrayLike<number> | null = null): void {
    this.rows = rows;
    if (weights === null) this.w = null;
    else {
      if (!this.w || this.w.length < rows) this.w = new Float64Array(Math.max(rows, this.w ? this.w.length * 2 : 0));
      for (let r = 0; r < rows; r++) this.w[r] = weights[r];
    }
    this.offered.length = 0;
    this.kept = 0;
  }

  /** Columns offered so far. */
  get columns(): number {
    return this.offered.length;
  }

  /** Adds the next column; false when it was dropped as collinear. */
  add(column: ArrayLike<number>): boolean {
    const n = this.rows;
    const c = this.offered.length;
    if (column.length !== n) throw new RangeError(`ols: column ${c} has ${column.length} rows, y has ${n}`);
    const k = this.kept;
    let v = this.q[k];
    if (!v || v.length < n) {
      v = new Float64Array(n);
      this.q[k] = v;
    }
    for (let r = 0; r < n; r++) v[r] = column[r];
    const w = this.w;
    let norm0 = 0;
    if (w) for (let r = 0; r < n; r++) norm0 += w[r] * v[r] * v[r];
    else for (let r = 0; r < n; r++) norm0 += v[r] * v[r];
    norm0 = Math.sqrt(norm0);
    const rcol: number[] = [];
    // MGS: d_j = <q_j, v> with v already reduced by q_0..q_{j−1}. Each pass subtracts d_j·q_j and,
    // in the same loop, sums the next dot product (or the final norm) over the updated entries —
    // the same operations in the same order as separate passes, so the same values.
    let d = 0;
    if (k > 0) {
      const q0 = this.q[0];
      if (w) for (let r = 0; r < n; r++) d += w[r] * q0[r] * v[r];
      else for (let r = 0; r < n; r++) d += q0[r] * v[r];
    }
    let norm = 0;
    for (let j = 0; j < k; j++) {
      const qj = this.q[j];
      rcol.push(d);
      const dj = d;
      d = 0;
      if (j + 1 < k) {
        const qn = this.q[j + 1];
        if (w) for (let r = 0; r < n; r++) { const vr = v[r] - dj * qj[r]; v[r] = vr; d += w[r] * qn[r] * vr; }
        else for (let r = 0; r < n; r++) { const vr = v[r] - dj * qj[r]; v[r] = vr; d += qn[r] * vr; }
      } else if (w) for (let r = 0; r < n; r++) { const vr = v[r] - dj * qj[r]; v[r] = vr; norm += w[r] * vr * vr; }
      else for (let r = 0; r < n; r++) { const vr = v[r] - dj * qj[r]; v[r] = vr; norm += vr * vr; }
    }
    if (k === 0) {
      if (w) for (let r = 0; r < n; r++) norm += w[r] * v[r] * v[r];
      else for (let r = 0; r < n; r++) norm += v[r] * v[r];
    }
    norm = Math.sqrt(norm);
    if (norm0 === 0 || norm <= COLLINEAR_TOLERANCE * norm0) {
      this.offered.push(-1);
      return false;
    }
    for (let r = 0; r < n; r++) v[r] /= norm;
    rcol.push(norm);
    this.R[k] = rcol;
    this.keptIdx[k] = c;
    this.keptCols[k] = column;
    this.offered.push(k);
    this.kept = k + 1;
    return true;
  }

  /** Back to the state after the first `columns` columns. */
  truncate(columns: number): void {
    if (columns >= this.offered.length) return;
    this.offered.length = columns;
    let k = 0;
    for (const o of this.offered) if (o >= 0) k = o + 1;
    this.kept = k;
  }

  /** The coefficients for response `y` (and the RSS when `withRss`, else NaN). */
  solve(y: ArrayLike<number>, withRss = true): OlsResult {
    const n = this.rows;
    const p = this.kept;
    const w = this.w;
    // Qᵀy (weighted), then back-substitution R β = Qᵀy
    const qty = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      const qk = this.q[k];
      let d = 0;
      if (w) for (let r = 0; r < n; r++) d += w[r] * qk[r] * y[r];
      else for (let r = 0; r < n; r++) d += qk[r] * y[r];
      qty[k] = d;
    }
    const beta = new Float64Array(p);
    for (let k = p - 1; k >= 0; k--) {
      let s = qty[k];
      for (let j = k + 1; j < p; j++) s -= this.R[j][k] * beta[j];
      beta[k] = s / this.R[k][k];
    }
    let rss = NaN;
    if (withRss) {
      rss = 0;
      for (let r = 0; r < n; r++) {
        let fit = 0;
        for (let k = 0; k < p; k++) fit += beta[k] * this.keptCols[k][r];
        rss += (w ? w[r] : 1) * (y[r] - fit) ** 2;
      }
    }
    const coefficients: (number | null)[] = new Array<number | null>(this.offered.length).fill(null);
    const dropped: number[] = [];
    this.offered.forEach((o, c) => {
      if (o >= 0) coefficients[c] = beta[o];
      else dropped.push(c);
    });
    return { coefficients, dropped, rss, rows: n };
  }
}

/**
 * Fits y ≈ X·β. `columns[c]` is column c of the design (length = rows); `y` the response.
 * Column c is dropped when, after removing its projection on the kept columns before it, its
 * norm is below COLLINEAR_TOLERANCE times its original norm (or it is all zeros).
 */
export function ols(columns: readonly ArrayLike<number>[], y: ArrayLike<number>): OlsResult {
  const f = new IncrementalOls(y.length);
  for (const c of columns) f.add(c);
  return f.solve(y);
}
