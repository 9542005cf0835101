/**
 * A percentile interval that says what it covers and never hides a resample: undefined
 * replicates (null/NaN) are counted, infinite ones (log₂ H on a resample with no all-fail
 * example) stay in the order statistics, so a bound that falls on them is reported as −∞/+∞.
 */
import { quantileSorted } from './bootstrap.js';

/** Which sources of variation a CI resamples. */
export type CiLevel = 'models' | 'seeds' | 'examples' | 'permutations';

export interface Interval {
  /** The statistic on the original data (null when undefined). */
  estimate: number | null;
  /** Percentile bounds; null when no resample was defined, or when the bound is infinite (see loInfinite). */
  lo: number | null;
  hi: number | null;
  /** True when the lower (upper) bound is −∞ (+∞): that share of the resamples was infinite. */
  loInfinite: boolean;
  hiInfinite: boolean;
  level: number;
  resamples: number;
  /** Resamples on which the statistic was undefined; left out of the percentiles and counted here. */
  undefinedResamples: number;
  /** Resamples on which the statistic was ±∞ (kept in the percentiles). */
  infiniteResamples: number;
  /** The levels resampled, outermost first (e.g. ['seeds', 'examples']). */
  covers: CiLevel[];
  /** One phrase a reader can quote: what was resampled, how many times, which seed. */
  method: string;
  seed: number;
  reason?: string;
}

/** Percentile interval of replicates; ±Infinity kept as ranks, null/NaN counted as undefined. */
export function percentileInterval(
  estimate: number | null,
  replicates: ArrayLike<number | null>,
  o: { level: number; seed: number; covers: CiLevel[]; method: string },
): Interval {
  const vals: number[] = [];
  let infinite = 0;
  for (let b = 0; b < replicates.length; b++) {
    const v = replicates[b];
    if (v === null || Number.isNaN(v)) continue;
    if (!Number.isFinite(v)) infinite++;
    vals.push(v);
  }
  const sorted = Float64Array.from(vals).sort();
  const alpha = (1 - o.level) / 2;
  const base = {
    estimate: estimate !== null && Number.isFinite(estimate) ? estimate : null,
    level: o.level,
    resamples: replicates.length,
    undefinedResamples: replicates.length - vals.length,
    infiniteResamples: infinite,
    covers: o.covers,
    method: o.method,
    seed: o.seed,
  };
  if (sorted.length === 0) return { ...base, lo: null, hi: null, loInfinite: false, hiInfinite: false, reason: 'the statistic is undefined on every resample' };
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const a = sorted[lo];
    const b = sorted[Math.min(sorted.length - 1, lo + 1)];
    if (!Number.isFinite(a) || !Number.isFinite(b)) return h === lo || a === b ? a : a === -Infinity ? a : b;
    return quantileSorted(sorted, p);
  };
  const lo = q(alpha);
  const hi = q(1 - alpha);
  return {
    ...base,
    lo: Number.isFinite(lo) ? lo : null,
    hi: Number.isFinite(hi) ? hi : null,
    loInfinite: lo === -Infinity,
    hiInfinite: hi === Infinity,
  };
}

/** Formats an interval "[lo, hi]" with −∞/+∞ shown as such; '' when it has no bounds. */
export function formatInterval(ci: Pick<Interval, 'lo' | 'hi' | 'loInfinite' | 'hiInfinite'> | null | undefined, f: (v: number) => string): string {
  if (!ci) return '';
  const lo = ci.loInfinite ? '−∞' : ci.lo === null ? null : f(ci.lo);
  const hi = ci.hiInfinite ? '+∞' : ci.hi === null ? null : f(ci.hi);
  if (lo === null || hi === null) return '';
  return `[${lo}, ${hi}]`;
}
