/**
 * k-nearest-neighbours classifier (Euclidean), as scikit-learn's KNeighborsClassifier with
 * `algorithm="brute"`: the probability of class c is the (weighted) share of the k nearest
 * training rows that belong to c. Weights: `uniform` (each neighbour 1) or `distance` (1/d; when
 * some neighbours sit at distance 0, only they count, each with weight 1 — sklearn's rule).
 *
 * Distances are computed in query blocks with the identity ‖q − t‖² = ‖q‖² − 2 q·t + ‖t‖², the
 * q·t block coming from a pluggable matrix product (`Gemm`: a blocked TypeScript loop here, or
 * tfjs-wasm's XNNPACK MatMul from the registry definition). Float32 products only *shortlist*
 * the k + 8 + k/2 closest rows; their distances are then recomputed exactly in float64 and sorted,
 * so the chosen neighbours and their weights do not depend on the product's rounding. Ties in
 * distance go to the lower training row index (sklearn leaves tie order unspecified).
 *
 * k larger than the training set: all training rows are used (sklearn raises instead; a small
 * cross-validation fold should not fail the cell). A fold with one class predicts it with
 * probability 1. No random numbers are drawn.
 *
 * Representation for CKA: for each class, the Euclidean distance to the nearest training row of
 * that class (from the shortlisting pass; 0 for a class absent from the training rows, a constant
 * column that linear CKA ignores).
 */
import { checkFitInput, checkPredictInput } from './checks.js';

export type KnnWeights = 'uniform' | 'distance';

/** A training matrix prepared for repeated products with query blocks. */
export interface PreparedGemm {
  /** Returns the products training-major: `out[j * nq + r]` = t_j · q_r (an `nt × nq` matrix). */
  multiply(q: Float32Array, nq: number): Promise<Float32Array>;
  dispose(): void;
}

export type Gemm = (t: Float32Array, nt: number, d: number) => Promise<PreparedGemm>;

export interface KnnOptions {
  readonly k: number;
  readonly weights: KnnWeights;
  /** Query rows per distance block. */
  readonly blockSize?: number;
}

export class KNearestNeighbors {
  readonly options: KnnOptions;
  private x: Float32Array = new Float32Array(0);
  private y: Int32Array = new Int32Array(0);
  private norms: Float64Array = new Float64Array(0);
  private n = 0;
  private d = 0;
  private numClasses = 0;
  private prepared: PreparedGemm | null = null;

  constructor(
    options: KnnOptions,
    private readonly gemm: Gemm = jsGemm,
  ) {
    if (!Number.isInteger(options.k) || options.k < 1) throw new RangeError(`k must be a positive integer, got ${options.k}`);
    if (options.weights !== 'uniform' && options.weights !== 'distance')
      throw new RangeError(`weights must be 'uniform' or 'distance', got ${String(options.weights)}`);
    this.options = options;
  }

  async fit(x: Float32Array, y: Int32Array, n: number, d: number, numClasses: number): Promise<void> {
    checkFitInput(x, y, n, d, numClasses);
    this.dispose();
    this.x = Float32Array.from(x);
    this.y = Int32Array.from(y);
    this.n = n;
    this.d = d;
    this.numClasses = numClasses;
    this.norms = rowNorms(this.x, n, d);
    this.prepared = await this.gemm(this.x, n, d);
  }

  async predict(q: Float32Array, nq: number, features = false): Promise<{ probs: Float32Array; features?: Float32Array; featureSize?: number }> {
    if (this.prepared === null) throw new Error('KNearestNeighbors.predict before fit');
    const { n, d, x, y, norms } = this;
    const C = this.numClasses;
    checkPredictInput(q, nq, d);
    const k = Math.min(this.options.k, n);
    const m = Math.min(n, k + 8 + (k >> 1));
    const probs = new Float32Array(nq * C);
    const feats = features ? new Float32Array(nq * C) : undefined;
    const block = this.options.blockSize ?? 128;
    const candI = new Int32Array(m);
    const exact = new Float64Array(m);
    const order = new Int32Array(m);
    const w = new Float64Array(C);
    const heapD = new Float64Array(block * m);
    const heapI = new Int32Array(block * m);
    const sizes = new Int32Array(block);
    const nearest = new Float64Array(block * C);
    for (let b0 = 0; b0 < nq; b0 += block) {
      const nb = Math.min(block, nq - b0);
      const qb = q.subarray(b0 * d, (b0 + nb) * d);
      const dots = await this.prepared.multiply(qb, nb);
      const qn = rowNorms(qb, nb, d);
      // Shortlist, per query, the m smallest approximate squared distances (a max-heap of m),
      // reading the training-major product block in order.
      sizes.fill(0);
      nearest.fill(Infinity);
      for (let j = 0; j < n; j++) {
        const tn = norms[j];
        const o = j * nb;
        const cj = y[j];
        for (let r = 0; r < nb; r++) {
          const dist = qn[r] - 2 * dots[o + r] + tn;
          if (feats && dist < nearest[r * C + cj]) nearest[r * C + cj] = dist;
          const h = r * m;
          const size = sizes[r];
          if (size < m) {
            heapPush(heapD, heapI, h, size, dist, j);
            sizes[r] = size + 1;
          } else if (dist < heapD[h]) {
            heapReplaceTop(heapD, heapI, h, m, dist, j);
          }
        }
      }
      for (let r = 0; r < nb; r++) {
        // Exact float64 distances of the shortlist, sorted by (distance, index).
        const qo = (b0 + r) * d;
        for (let c = 0; c < m; c++) {
          candI[c] = heapI[r * m + c];
          const to = candI[c] * d;
          let s = 0;
          for (let f = 0; f < d; f++) {
            const diff = q[qo + f] - x[to + f];
            s += diff * diff;
          }
          exact[c] = Math.sqrt(s);
          order[c] = c;
        }
        const sorted = Array.from(order).sort((a, b2) => exact[a] - exact[b2] || candI[a] - candI[b2]);
        w.fill(0);
        const zeroDist = this.options.weights === 'distance' && exact[sorted[0]] === 0;
        for (let t = 0; t < k; t++) {
          const c = sorted[t];
          const dist = exact[c];
          let wt = 1;
          if (this.options.weights === 'distance') wt = zeroDist ? (dist === 0 ? 1 : 0) : 1 / dist;
          w[y[candI[c]]] += wt;
        }
        let total = 0;
        for (let c = 0; c < C; c++) total += w[c];
        const po = (b0 + r) * C;
        for (let c = 0; c < C; c++) probs[po + c] = w[c] / total;
        if (feats) for (let c = 0; c < C; c++) feats[po + c] = Number.isFinite(nearest[r * C + c]) ? Math.sqrt(Math.max(0, nearest[r * C + c])) : 0;
      }
    }
    return feats ? { probs, features: feats, featureSize: C } : { probs };
  }

  dispose(): void {
    this.prepared?.dispose();
    this.prepared = null;
  }
}

function rowNorms(x: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let f = i * d, e = f + d; f < e; f++) s += x[f] * x[f];
    out[i] = s;
  }
  return out;
}

/** Is (d1, i1) farther than (d2, i2) in (distance, index) order? */
function after(d1: number, i1: number, d2: number, i2: number): boolean {
  return d1 > d2 || (d1 === d2 && i1 > i2);
}

/** Max-heap (by distance, then index) stored at hd/hi[base, base + size). */
function heapPush(hd: Float64Array, hi: Int32Array, base: number, size: number, dist: number, idx: number): void {
  let c = size;
  while (c > 0) {
    const p = (c - 1) >> 1;
    if (!after(dist, idx, hd[base + p], hi[base + p])) break;
    hd[base + c] = hd[base + p];
    hi[base + c] = hi[base + p];
    c = p;
  }
  hd[base + c] = dist;
  hi[base + c] = idx;
}

function heapReplaceTop(hd: Float64Array, hi: Int32Array, base: number, size: number, dist: number, idx: number): void {
  let c = 0;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= size) break;
    let big = l;
    if (l + 1 < size && after(hd[base + l + 1], hi[base + l + 1], hd[base + l], hi[base + l])) big = l + 1;
    if (!after(hd[base + big], hi[base + big], dist, idx)) break;
    hd[base + c] = hd[base + big];
    hi[base + c] = hi[base + big];
    c = big;
  }
  hd[base + c] = dist;
  hi[base + c] = idx;
}

/**
 * The TypeScript product: four query rows against one training row at a time, so each training
 * value loaded serves four multiply-adds.
 */
export const jsGemm: Gemm = async (t, nt, d) => ({
  async multiply(q: Float32Array, nq: number): Promise<Float32Array> {
    const out = new Float32Array(nt * nq);
    for (let j = 0; j < nt; j++) {
      const to = j * d;
      const oo = j * nq;
      let r = 0;
      for (; r + 4 <= nq; r += 4) {
        const o0 = r * d,
          o1 = o0 + d,
          o2 = o1 + d,
          o3 = o2 + d;
        let s0 = 0,
          s1 = 0,
          s2 = 0,
          s3 = 0;
        for (let f = 0; f < d; f++) {
          const v = t[to + f];
          s0 += q[o0 + f] * v;
          s1 += q[o1 + f] * v;
          s2 += q[o2 + f] * v;
          s3 += q[o3 + f] * v;
        }
        out[oo + r] = s0;
        out[oo + r + 1] = s1;
        out[oo + r + 2] = s2;
        out[oo + r + 3] = s3;
      }
      for (; r < nq; r++) {
        const o = r * d;
        let s = 0;
        for (let f = 0; f < d; f++) s += q[o + f] * t[to + f];
        out[oo + r] = s;
      }
    }
    return out;
  },
  dispose(): void {},
});
