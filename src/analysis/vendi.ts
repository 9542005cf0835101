/**
 * Effective number of distinct models: the Vendi score (Friedman & Dieng 2023; METRICS.md §10.3).
 * K is the M × M similarity matrix with ones on the diagonal, entries clipped to [0, 1]; λ_i are
 * the eigenvalues of K/M, negatives clipped to 0 and renormalised to sum 1 (K need not be PSD once
 * clipped); VS = exp(−Σ λ_i log λ_i), 0 log 0 = 0. VS = M for pairwise-unrelated models, 1 for
 * identical ones.
 */

/**
 * Eigenvalues of a symmetric matrix (row-major n × n): Householder reduction to tridiagonal form,
 * then the implicit QL iteration with Wilkinson-style shifts (EISPACK tred2/tql2 without
 * eigenvectors, as in Numerical Recipes) — (4/3)n³ operations instead of cyclic Jacobi's
 * ~2n³ per sweep. Falls back to Jacobi if QL does not converge in 60 iterations per eigenvalue.
 */
export function symmetricEigenvalues(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Householder: row i of the lower triangle annihilated below the subdiagonal, i = n−1 … 1
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    const ri = i * n;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(m[ri + k]);
      if (scale === 0) e[i] = m[ri + l];
      else {
        for (let k = 0; k <= l; k++) {
          m[ri + k] /= scale;
          h += m[ri + k] * m[ri + k];
        }
        let f = m[ri + l];
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        m[ri + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          g = 0;
          const rj = j * n;
          for (let k = 0; k <= j; k++) g += m[rj + k] * m[ri + k];
          for (let k = j + 1; k <= l; k++) g += m[k * n + j] * m[ri + k];
          e[j] = g / h;
          f += e[j] * m[ri + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = m[ri + j];
          g = e[j] - hh * f;
          e[j] = g;
          const rj = j * n;
          for (let k = 0; k <= j; k++) m[rj + k] -= f * e[k] + g * m[ri + k];
        }
      }
    } else e[i] = m[ri + l];
    d[i] = h;
  }
  for (let i = 0; i < n; i++) d[i] = m[i * n + i];
  // implicit QL on the tridiagonal (d diagonal, e subdiagonal shifted down by one)
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  const EPS = 2 ** -52;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let mm: number;
    do {
      for (mm = l; mm < n - 1; mm++) {
        const dd = Math.abs(d[mm]) + Math.abs(d[mm + 1]);
        if (Math.abs(e[mm]) <= EPS * dd) break;
      }
      if (mm !== l) {
        if (iter++ === 60) return jacobiEigenvalues(a, n);
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[mm] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1,
          c = 1,
          p = 0;
        let i = mm - 1;
        for (; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[mm] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[mm] = 0;
      }
    } while (mm !== l);
  }
  return d;
}

/** Eigenvalues of a symmetric matrix (row-major n × n) by cyclic Jacobi rotations (O(n³) per sweep; the fallback). */
export function jacobiEigenvalues(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const app = m[p * n + p];
        const aqq = m[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p];
          const akq = m[k * n + q];
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k];
          const aqk = m[q * n + k];
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => m[i * n + i]);
}

export interface VendiResult {
  /** exp of the eigenvalue entropy; null for no model. */
  value: number | null;
  models: number;
  /** Off-diagonal entries that were undefined (null) and were given `nullAs`. */
  undefinedPairs: number;
  /** Entries clipped into [0, 1] (negative similarity counted as unrelated). */
  clippedPairs: number;
}

/**
 * Vendi score of a similarity matrix. Off-diagonal nulls take `nullAs` (κ_EC is null only when both
 * models have the same constant correctness, i.e. identical behaviour: 1; CKA null = no
 * representation: 0). `weights` (model multiplicities, from a bootstrap) are applied as repeated
 * models: a model drawn twice is two identical rows.
 */
export function vendiScore(matrix: readonly (readonly (number | null)[])[], o: { nullAs?: number; weights?: ArrayLike<number> } = {}): VendiResult {
  const idx: number[] = [];
  matrix.forEach((_, i) => {
    const w = o.weights ? o.weights[i] : 1;
    for (let k = 0; k < w; k++) idx.push(i);
  });
  const n = idx.length;
  if (n === 0) return { value: null, models: 0, undefinedPairs: 0, clippedPairs: 0 };
  const k = new Float64Array(n * n);
  let undef = 0,
    clipped = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const i = idx[r],
        j = idx[c];
      let v: number;
      if (i === j) v = 1;
      else {
        const s = matrix[i][j];
        if (s === null || !Number.isFinite(s)) {
          v = o.nullAs ?? 0;
          if (r < c) undef++;
        } else v = s;
        if (v < 0 || v > 1) {
          if (r < c) clipped++;
          v = Math.min(1, Math.max(0, v));
        }
      }
      k[r * n + c] = v / n;
    }
  }
  const ev = symmetricEigenvalues(k, n);
  let sum = 0;
  for (const l of ev) if (l > 0) sum += l;
  let h = 0;
  for (const l of ev) {
    if (l <= 0) continue;
    const p = l / sum;
    h -= p * Math.log(p);
  }
  return { value: Math.exp(h), models: n, undefinedPairs: undef, clippedPairs: clipped };
}
