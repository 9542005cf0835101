/**
 * Feature binning for histogram trees, as scikit-learn's `_BinMapper` (HistGradientBoosting) and
 * LightGBM: each feature gets at most `maxBins` (≤ 255) ordered bins, so one byte holds a binned
 * value. A feature with ≤ maxBins distinct values gets one bin per value, its thresholds the
 * midpoints between consecutive values; otherwise the thresholds are the (maxBins−1) inner
 * percentiles of the column, computed with numpy's `method="midpoint"`. A value `v` falls in bin
 * `b` = the number of thresholds strictly below `v` (so `v <= thresholds[b]` ⇔ bin ≤ b), which is
 * how a split on bin `b` becomes the real threshold `thresholds[b]` at prediction time.
 *
 * Missing values (NaN) are not modelled: they are ordered above every threshold (the last bin).
 * Unlike scikit-learn, no row subsample is taken (it subsamples 200 000 rows; divbench's pools
 * are smaller).
 */

export interface Bins {
  /** Number of features. */
  readonly d: number;
  /** Per feature, the ascending thresholds (bin count = thresholds.length + 1). */
  readonly thresholds: readonly Float64Array[];
  /** Per feature, its number of bins (1 for a constant feature). */
  readonly nBins: Int32Array;
}

export interface BinnedMatrix {
  readonly n: number;
  readonly d: number;
  /** Feature-major bin codes: `codes[f * n + i]` is row i's bin for feature f. */
  readonly codes: Uint8Array;
}

export const MAX_BINS = 255;

/** Column-major copy of row-major `x` (`n × d`), transposed in cache-sized blocks. */
export function toColumns(x: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  const B = 64;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let f0 = 0; f0 < d; f0 += B) {
      const f1 = Math.min(d, f0 + B);
      for (let i = i0; i < i1; i++) {
        const r = i * d;
        for (let f = f0; f < f1; f++) out[f * n + i] = x[r + f];
      }
    }
  }
  return out;
}

/** Learns per-feature thresholds from row-major `x` (`n × d`). */
export function fitBins(x: Float32Array, n: number, d: number, maxBins = MAX_BINS): Bins {
  return fitBinsColumns(toColumns(x, n, d), n, d, maxBins);
}

/** Learns thresholds and bins the same rows: the training step of every histogram learner. */
export function binTrainingRows(x: Float32Array, n: number, d: number, maxBins = MAX_BINS): { bins: Bins; binned: BinnedMatrix } {
  const cols = toColumns(x, n, d);
  const bins = fitBinsColumns(cols, n, d, maxBins);
  return { bins, binned: applyBinsColumns(bins, cols, n) };
}

function fitBinsColumns(cols: Float32Array, n: number, d: number, maxBins: number): Bins {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS) {
    throw new RangeError(`maxBins must be an integer in [2, ${MAX_BINS}], got ${maxBins}`);
  }
  const thresholds: Float64Array[] = [];
  const nBins = new Int32Array(d);
  const col = new Float32Array(n); // the values are float32: sorting them as such is faster
  for (let f = 0; f < d; f++) {
    let m = 0;
    const src = cols.subarray(f * n, (f + 1) * n);
    for (let i = 0; i < n; i++) {
      const v = src[i];
      if (v === v) col[m++] = v; // skip NaN
    }
    const t = featureThresholds(col.subarray(0, m), maxBins);
    thresholds.push(t);
    nBins[f] = t.length + 1;
  }
  return { d, thresholds, nBins };
}

/** Thresholds of one column (sorted in place). */
export function featureThresholds(col: Float32Array | Float64Array, maxBins: number): Float64Array {
  const m = col.length;
  if (m === 0) return new Float64Array(0);
  col.sort();
  let distinct = 1;
  for (let i = 1; i < m; i++) if (col[i] !== col[i - 1]) distinct++;
  if (distinct <= maxBins) {
    const out = new Float64Array(distinct - 1);
    let j = 0;
    for (let i = 1; i < m; i++) {
      if (col[i] !== col[i - 1]) out[j++] = clipInf((col[i - 1] + col[i]) * 0.5);
    }
    return out;
  }
  const out = new Float64Array(maxBins - 1);
  for (let q = 1; q < maxBins; q++) {
    // numpy percentile, method="midpoint": the mean of the two order statistics around the rank.
    // Same float steps as np.linspace(0, 100, maxBins + 1) then np.percentile's q / 100.
    const rank = ((q * (100 / maxBins)) / 100) * (m - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    out[q - 1] = clipInf((col[lo] + col[hi]) * 0.5);
  }
  return out;
}

const ALMOST_INF = 1e300;
function clipInf(v: number): number {
  return v > ALMOST_INF ? ALMOST_INF : v;
}

/** Bin index of one value: the count of thresholds strictly below it (binary search). */
export function binOf(t: Float64Array, v: number): number {
  if (v !== v) return t.length; // NaN: last bin
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= t[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Maps row-major `x` to feature-major bin codes with the learned thresholds. */
export function applyBins(bins: Bins, x: Float32Array, n: number): BinnedMatrix {
  return applyBinsColumns(bins, toColumns(x, n, bins.d), n);
}

function applyBinsColumns(bins: Bins, cols: Float32Array, n: number): BinnedMatrix {
  const d = bins.d;
  const codes = new Uint8Array(n * d);
  for (let f = 0; f < d; f++) {
    const t = bins.thresholds[f];
    const out = codes.subarray(f * n, (f + 1) * n);
    if (t.length === 0) continue;
    // Pixel-like features repeat few values: memoise the last lookup.
    let lastV = NaN;
    let lastB = 0;
    for (let i = 0; i < n; i++) {
      const v = cols[f * n + i];
      if (v !== lastV) {
        lastV = v;
        lastB = binOf(t, v);
      }
      out[i] = lastB;
    }
  }
  return { n, d, codes };
}
