/** Number formatting for the report: one place, so tables, charts and Markdown agree. */
import type { ValueFormat } from '../analysis/catalog.js';

/**
 * `v.toFixed(digits)` without a negative zero: a value that rounds to zero prints "0.00", never
 * "−0.00" (a tiny negative κ or gap is not a sign anyone should read). Every number the report
 * prints goes through this.
 */
export function toFixedClean(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return /^-0(?:\.0*)?$/.test(s) ? s.slice(1) : s;
}
export const pct = (v: number, digits = 2): string => `${toFixedClean(v * 100, digits)}%`;
/** Percentage points (a difference of two proportions). */
export const pp = (v: number, digits = 2): string => `${toFixedClean(v * 100, digits)}`;
export const fixed = (v: number, digits = 3): string => toFixedClean(v, digits);
/** A signed difference: "+0.12", "−0.05" (true minus sign), "0.00" for a value that rounds to 0. */
export function signed(v: number, digits = 2): string {
  const s = toFixedClean(v, digits);
  return /^0(?:\.0*)?$/.test(s) ? s : v > 0 ? `+${s}` : `\u2212${s.slice(1)}`;
}
export const rate = (v: number): string => (v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0));
export const int = (v: number): string => v.toLocaleString('en-US');

/** "± h" from an interval, with the value's formatter (unit suffix dropped). */
export function halfWidth(ci: readonly [number, number] | null | undefined, format: (v: number) => string): string {
  if (!ci) return '';
  return `± ${format((ci[1] - ci[0]) / 2).replace(/%$/, '')}`;
}

/** "[lo, hi]" from a bootstrap interval, or '' when it is undefined. */
export function interval(lo: number | null | undefined, hi: number | null | undefined, format: (v: number) => string): string {
  if (lo === null || lo === undefined || hi === null || hi === undefined) return '';
  return `[${format(lo)}, ${format(hi)}]`;
}

export function maybe(v: number | null | undefined, format: (v: number) => string, missing = 'n/a'): string {
  return v === null || v === undefined || !Number.isFinite(v) ? missing : format(v);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${int(n)} ${n === 1 ? word : many}`;
}

/** The formatter of a catalog entry's declared format. */
export function formatterFor(f: ValueFormat): (v: number) => string {
  switch (f.style) {
    case 'percent':
      return (v) => pct(v, f.digits);
    case 'points':
      return (v) => pp(v, f.digits);
    case 'number':
      return (v) => fixed(v, f.digits);
    case 'rate':
      return rate;
  }
}
