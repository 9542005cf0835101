/**
 * Effective number of distinct models: the Vendi score (Friedman & Dieng 2023; METRICS.md §10.3).
 * K is the M × M similarity matrix with ones on the diagonal, entries clipped to [0, 1]; λ_i are
 * the eigenvalues of K/M, negatives clipped to 0 and renormalised to sum 1 (K need not be PSD once
 * clipped); VS = exp(−Σ λ_i log λ_i), 0 log 0 = 0. VS = M for pairwise-unrelated models, 1 for
 * identical ones.
 */

/** Eigenvalues of a symmetric matrix (row-major n × n) by cyclic Jacobi rotations. */
export function symmetricEigenvalues(a: ArrayLike<number>, n: number): Float64Array {
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
  let undef = 0, clipped = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const i = idx[r], j = idx[c];
      let v: number;
      if (i === j) v = 1;
      else {
        const s = matrix[i][j];
        if (s === null || !Number.isFinite(s)) { v = o.nullAs ?? 0; if (r < c) undef++; }
        else v = s;
        if (v < 0 || v > 1) { if (r < c) clipped++; v = Math.min(1, Math.max(0, v)); }
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
