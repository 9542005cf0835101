/** Number formatting for the report: one place, so tables, charts and Markdown agree. */

export const pct = (v: number, digits = 2): string => `${(v * 100).toFixed(digits)}%`;
/** Percentage points (a difference of two proportions). */
export const pp = (v: number, digits = 2): string => `${(v * 100).toFixed(digits)}`;
export const fixed = (v: number, digits = 3): string => v.toFixed(digits);
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
