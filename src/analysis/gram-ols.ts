/**
 * Least squares from sufficient statistics: the (weighted) Gram matrix XᵀWX and XᵀWy of a design,
 * solved by a Cholesky factorisation taken column by column in the order given. Used for the
 * refits of the pairwise regression (its bootstrap and permutation test), where accumulating
 * p(p+1)/2 sums over the pairs costs a fraction of a QR of the pairs (ols.ts), and a permutation
 * changes one row and column of the Gram only.
 *
 * Collinearity: column c is dropped (coefficient NaN, "not identifiable") when its squared
 * residual after the kept columns before it — the Schur complement, L_cc² — is at most
 * GRAM_COLLINEAR_TOLERANCE times its squared norm G_cc, or G_cc = 0. That is the QR's rule
 * (ols.ts: residual norm ≤ 1e-9 × norm) on squared norms with a looser threshold, because the
 * Gram squares the condition number: the two agree on exactly collinear columns and on every
 * column whose relative residual norm is above 3.2·10⁻⁵ (test/analysis/fast-paths.test.ts checks
 * them against the straightforward QR on the designs of the pairwise regression).
 */

/** Squared relative residual at or below which a column counts as collinear with the columns before it. */
export const GRAM_COLLINEAR_TOLERANCE = 1e-9;

/**
 * Adds Σ_r w_r·x_r·x_rᵀ (upper triangle of the p × p row-major `gram`) and, for each response
 * ys[k], Σ_r w_r·x_r·y_kr (`xtys[k]`) over the rows `rows[0..count)` of the row-major design `x`
 * (n × p). `w` null = weight 1.
 */
export function accumulateGram(
  x: Float64Array,
  p: number,
  ys: readonly ArrayLike<number>[],
  w: ArrayLike<number> | null,
  rows: ArrayLike<number>,
  count: number,
  gram: Float64Array,
  xtys: readonly Float64Array[],
): void {
  const Y = ys.length;
  for (let k = 0; k < count; k++) {
    const r = rows[k];
    const wr = w === null ? 1 : w[r];
    const o = r * p;
    for (let i = 0; i < p; i++) {
      const xi = x[o + i];
      if (xi === 0) continue;
      const wx = wr * xi;
      for (let q = 0; q < Y; q++) xtys[q][i] += wx * ys[q][r];
      const gi = i * p;
      for (let j = i; j < p; j++) gram[gi + j] += wx * x[o + j];
    }
  }
}

/** Scratch space of solveGram for designs of up to p columns. */
export class GramSolver {
  readonly p: number;
  private readonly L: Float64Array;
  private readonly z: Float64Array;
  private readonly kept: Uint8Array;

  constructor(p: number) {
    this.p = p;
    this.L = new Float64Array(p * p);
    this.z = new Float64Array(p);
    this.kept = new Uint8Array(p);
  }

  /**
   * Solves (XᵀWX) β = XᵀWy from the upper triangle of `gram` (row-major p × p) into `beta`;
   * a dropped column's coefficient is NaN. Returns the number of kept columns.
   */
  solve(gram: Float64Array, xty: Float64Array, beta: Float64Array): number {
    const { p, L, z, kept } = this;
    let nKept = 0;
    for (let c = 0; c < p; c++) {
      const gcc = gram[c * p + c];
      kept[c] = 0;
      if (!(gcc > 0)) continue;
      // row c of L against the kept columns before it
      let d = gcc;
      for (let k = 0; k < c; k++) {
        if (!kept[k]) continue;
        let s = gram[k * p + c];
        for (let j = 0; j < k; j++) if (kept[j]) s -= L[c * p + j] * L[k * p + j];
        const l = s / L[k * p + k];
        L[c * p + k] = l;
        d -= l * l;
      }
      if (d <= GRAM_COLLINEAR_TOLERANCE * gcc) continue;
      L[c * p + c] = Math.sqrt(d);
      kept[c] = 1;
      nKept++;
    }
    // L z = Xᵀy, then Lᵀ β = z, over the kept columns
    for (let c = 0; c < p; c++) {
      if (!kept[c]) continue;
      let s = xty[c];
      for (let k = 0; k < c; k++) if (kept[k]) s -= L[c * p + k] * z[k];
      z[c] = s / L[c * p + c];
    }
    for (let c = p - 1; c >= 0; c--) {
      if (!kept[c]) {
        beta[c] = NaN;
        continue;
      }
      let s = z[c];
      for (let k = c + 1; k < p; k++) if (kept[k]) s -= L[k * p + c] * beta[k];
      beta[c] = s / L[c * p + c];
    }
    return nKept;
  }
}
