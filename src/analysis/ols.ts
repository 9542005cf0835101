/**
 * Ordinary least squares by modified Gram–Schmidt QR, taking the columns in the order given and
 * dropping a column that is (numerically) a linear combination of the columns kept before it. The
 * kept columns' coefficients are the least-squares solution of the reduced design; a dropped
 * column's coefficient is null ("not identifiable"). Used by the pairwise-regression attribution.
 *
 * `IncrementalOls` is the same factorisation one column at a time, with optional row weights
 * (a row of weight k is k copies of that row: the inner products become Σ_r w_r·a_r·b_r). `ols`
 * is `IncrementalOls` unweighted. The regression's refits use the Gram instead (gram-ols.ts).
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
  /** Qᵀy of the last response solved for, valid for the first qtyValid kept columns. */
  private qty = new Float64Array(0);
  private qtyOf: ArrayLike<number> | null = null;
  private qtyValid = 0;

  /** `weights` (length rows, ≥ 0) or null for all ones. */
  constructor(rows: number, weights: ArrayLike<number> | null = null) {
    this.rows = rows;
    this.w = weights === null ? null : Float64Array.from(weights);
  }

  /** Columns offered so far. */
  get columns(): number {
    return this.offered.length;
  }

  /** Adds the next column; false when it was dropped as collinear. */
  add(column: ArrayLike<number>): boolean {
    const n = this.rows;
    if (column.length !== n) throw new RangeError(`ols: column ${this.offered.length} has ${column.length} rows, y has ${n}`);
    const v = this.buffer(this.kept);
    for (let r = 0; r < n; r++) v[r] = column[r];
    const norm0 = this.norm(v);
    const rcol: number[] = [];
    return this.finish(v, rcol, this.project(v, rcol, 0, this.kept, true), norm0, column);
  }

  private buffer(k: number): Float64Array {
    let v = this.q[k];
    if (!v || v.length < this.rows) {
      v = new Float64Array(this.rows);
      this.q[k] = v;
    }
    return v;
  }

  /** √(Σ w·v²) in row order. */
  private norm(v: Float64Array): number {
    const n = this.rows,
      w = this.w;
    let s = 0;
    if (w) for (let r = 0; r < n; r++) s += w[r] * v[r] * v[r];
    else for (let r = 0; r < n; r++) s += v[r] * v[r];
    return Math.sqrt(s);
  }

  /**
   * MGS: removes from v its projections on q_from … q_{to−1}, pushing each d_j = <q_j, v> (v
   * already reduced by the q before it) to rcol. Each pass subtracts d_j·q_j and, in the same loop,
   * sums the next dot product (or, when `withNorm`, the final squared norm) over the updated
   * entries — the same operations in the same order as separate passes, so the same values.
   * Returns that norm (NaN without `withNorm`).
   */
  private project(v: Float64Array, rcol: number[], from: number, to: number, withNorm: boolean): number {
    const n = this.rows,
      w = this.w;
    let d = 0;
    if (from < to) {
      const q0 = this.q[from];
      if (w) for (let r = 0; r < n; r++) d += w[r] * q0[r] * v[r];
      else for (let r = 0; r < n; r++) d += q0[r] * v[r];
    }
    let norm = 0;
    for (let j = from; j < to; j++) {
      const qj = this.q[j];
      rcol.push(d);
      const dj = d;
      d = 0;
      if (j + 1 < to) {
        const qn = this.q[j + 1];
        if (w)
          for (let r = 0; r < n; r++) {
            const vr = v[r] - dj * qj[r];
            v[r] = vr;
            d += w[r] * qn[r] * vr;
          }
        else
          for (let r = 0; r < n; r++) {
            const vr = v[r] - dj * qj[r];
            v[r] = vr;
            d += qn[r] * vr;
          }
      } else if (!withNorm) for (let r = 0; r < n; r++) v[r] -= dj * qj[r];
      else if (w)
        for (let r = 0; r < n; r++) {
          const vr = v[r] - dj * qj[r];
          v[r] = vr;
          norm += w[r] * vr * vr;
        }
      else
        for (let r = 0; r < n; r++) {
          const vr = v[r] - dj * qj[r];
          v[r] = vr;
          norm += vr * vr;
        }
    }
    if (!withNorm) return NaN;
    if (from === to) {
      if (w) for (let r = 0; r < n; r++) norm += w[r] * v[r] * v[r];
      else for (let r = 0; r < n; r++) norm += v[r] * v[r];
    }
    return Math.sqrt(norm);
  }

  /** Keeps the reduced column v (norm `norm`) or drops it as collinear. */
  private finish(v: Float64Array, rcol: number[], norm: number, norm0: number, column: ArrayLike<number>): boolean {
    const n = this.rows;
    const k = this.kept;
    const c = this.offered.length;
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

  /** The coefficients for response `y` (and the RSS when `withRss`, else NaN); `y` is not modified and must not be between solves. */
  solve(y: ArrayLike<number>, withRss = true): OlsResult {
    const n = this.rows;
    const p = this.kept;
    const w = this.w;
    // Qᵀy (weighted), then back-substitution R β = Qᵀy. Solving again for the same y object (its
    // values must not have changed) reuses the entries already computed.
    if (y !== this.qtyOf) {
      this.qtyOf = y;
      this.qtyValid = 0;
    }
    if (this.qty.length < p) {
      const grown = new Float64Array(Math.max(p, 2 * this.qty.length));
      grown.set(this.qty.subarray(0, this.qtyValid));
      this.qty = grown;
    }
    const qty = this.qty;
    for (let k = this.qtyValid; k < p; k++) {
      const qk = this.q[k];
      let d = 0;
      if (w) for (let r = 0; r < n; r++) d += w[r] * qk[r] * y[r];
      else for (let r = 0; r < n; r++) d += qk[r] * y[r];
      qty[k] = d;
    }
    this.qtyValid = p;
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
