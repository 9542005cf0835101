/**
 * Paired percentile bootstrap over examples (METRICS.md §6.1) with a small portable seeded PRNG
 * (mulberry32), so a CI is reproducible from its seed on any platform. A resample is a vector of
 * multiplicities w_x (how many times example x was drawn); the same vector is applied to every
 * model, which is what makes the bootstrap paired.
 */

// The one seeded generator of divbench (also behind fold splits and synthetic data).
import { mulberry32 } from '../spec/random.js';

export { mulberry32 };

/** Draws n indices uniformly with replacement and returns the multiplicity of each index. */
export function resampleCounts(n: number, rng: () => number, out?: Int32Array): Int32Array {
  const w = out ?? new Int32Array(n);
  w.fill(0);
  for (let i = 0; i < n; i++) w[Math.floor(rng() * n)]++;
  return w;
}

/** Quantile of sorted values with linear interpolation (numpy's default, Hyndman–Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface BootstrapCi {
  /** The statistic on the original sample (null when undefined). */
  estimate: number | null;
  /** Percentile interval bounds; null when no resample gave a defined value. */
  lo: number | null;
  hi: number | null;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** Resamples drawn. */
  resamples: number;
  /** Resamples on which the statistic was undefined (left out of the percentiles). */
  undefinedResamples: number;
  method: 'paired percentile bootstrap over examples';
  seed: number;
  reason?: string;
}

/** Percentile CI from the bootstrap replicates of a statistic. */
export function percentileCi(estimate: number | null, replicates: readonly (number | null)[], level: number, seed: number): BootstrapCi {
  const ok = Float64Array.from(replicates.filter((v): v is number => v !== null && Number.isFinite(v))).sort();
  return ciFromSorted(estimate, ok, replicates.length, level, seed);
}

/** percentileCi of replicates that are all finite, given already sorted ascending. */
export function percentileCiSorted(estimate: number | null, sorted: Float64Array, level: number, seed: number): BootstrapCi {
  return ciFromSorted(estimate, sorted, sorted.length, level, seed);
}

/** Largest tail (values kept per tail) for which percentileCiFinite selects instead of sorting. */
const TAIL_LIMIT = 32;

/**
 * The lo and hi of a percentile interval (as percentileCi) of finite replicate vectors of length n,
 * without sorting them or allocating per vector: the two order statistics each bound interpolates
 * between come from the kLo smallest and kHi largest values, kept in two small sorted buffers in
 * one pass — the same values, so the same doubles, as sorting. For the headline bootstrap's
 * M(M−1)/2 accuracy differences (ofDifference: a[t] − b[t] computed on the fly) and
 * percentileCiFinite. Null when n = 0 or a tail would be longer than TAIL_LIMIT (wide levels: sort).
 */
export function finiteBounds(n: number, level: number): FiniteBounds | null {
  const alpha = (1 - level) / 2;
  const hLo = (n - 1) * alpha,
    hHi = (n - 1) * (1 - alpha);
  const kLo = Math.min(n, Math.floor(hLo) + 2),
    kHi = Math.min(n, n - Math.floor(hHi));
  if (n === 0 || kLo > TAIL_LIMIT || kHi > TAIL_LIMIT) return null;
  const small = new Float64Array(kLo),
    large = new Float64Array(kHi);
  // position t of the sorted values: the kLo smallest at the front, the kHi largest at the back
  const at = (t: number) => (t < kLo ? small[t] : large[n - 1 - t]);
  // quantileSorted's interpolation at h = (n − 1)·q
  const quantile = (h: number) => {
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    return at(lo) + (h - lo) * (at(hi) - at(lo));
  };
  const out: [number, number] = [0, 0];
  const select = (a: ArrayLike<number>, b: ArrayLike<number> | null) => {
    let cs = 0,
      cl = 0;
    for (let t = 0; t < n; t++) {
      const v = b ? a[t] - b[t] : a[t];
      if (cs < kLo || v < small[kLo - 1]) {
        let j = cs < kLo ? cs++ : kLo - 1;
        while (j > 0 && small[j - 1] > v) {
          small[j] = small[j - 1];
          j--;
        }
        small[j] = v;
      }
      if (cl < kHi || v > large[kHi - 1]) {
        let j = cl < kHi ? cl++ : kHi - 1;
        while (j > 0 && large[j - 1] < v) {
          large[j] = large[j - 1];
          j--;
        }
        large[j] = v;
      }
    }
    out[0] = quantile(hLo);
    out[1] = quantile(hHi);
    return out;
  };
  const bounds = (values: ArrayLike<number>) => select(values, null);
  bounds.ofDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => select(a, b);
  return bounds;
}

/** finiteBounds' function: lo and hi of one replicate vector, or of the element-wise difference of two (overwritten by the next call). */
export interface FiniteBounds {
  (values: ArrayLike<number>): readonly [number, number];
  ofDifference(a: ArrayLike<number>, b: ArrayLike<number>): readonly [number, number];
}

/**
 * percentileCi of replicates that are all finite, by selecting the tails (finiteBounds) instead of
 * sorting them all; sorts `values` in place when a tail would be long (wide levels).
 */
export function percentileCiFinite(estimate: number | null, values: Float64Array, level: number, seed: number): BootstrapCi {
  const bounds = finiteBounds(values.length, level);
  if (!bounds) return percentileCiSorted(estimate, values.sort(), level, seed);
  const [lo, hi] = bounds(values);
  return { ...ciBase(estimate, values.length, values.length, level, seed), lo, hi };
}

function ciBase(estimate: number | null, resamples: number, defined: number, level: number, seed: number) {
  return {
    estimate: estimate !== null && Number.isFinite(estimate) ? estimate : null,
    level,
    resamples,
    undefinedResamples: resamples - defined,
    method: 'paired percentile bootstrap over examples' as const,
    seed,
  };
}

function ciFromSorted(estimate: number | null, ok: Float64Array, resamples: number, level: number, seed: number): BootstrapCi {
  const alpha = (1 - level) / 2;
  const base = ciBase(estimate, resamples, ok.length, level, seed);
  if (ok.length === 0) return { ...base, lo: null, hi: null, reason: 'the statistic is undefined on every resample' };
  return { ...base, lo: quantileSorted(ok, alpha), hi: quantileSorted(ok, 1 - alpha) };
}

export interface BootstrapOptions {
  /** Number of resamples (default 1000; METRICS.md recommends ≥ 2000 for publication). */
  resamples?: number;
  /** PRNG seed (default 0). */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/**
 * Paired percentile bootstrap CI of `statistic`, a function of the multiplicities of the n
 * examples (all ones for the original sample). Apply the same weights to every model inside it.
 */
export function bootstrapCi(n: number, statistic: (weights: Int32Array) => number | null, options: BootstrapOptions = {}): BootstrapCi {
  const B = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  const ones = new Int32Array(n).fill(1);
  const estimate = statistic(ones);
  const rng = mulberry32(seed);
  const w = new Int32Array(n);
  const reps: (number | null)[] = [];
  for (let b = 0; b < B; b++) reps.push(statistic(resampleCounts(n, rng, w)));
  return percentileCi(estimate, reps, level, seed);
}
