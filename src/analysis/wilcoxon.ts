/**
 * Wilcoxon signed-rank test for two configurations across data sets and Holm's step-down
 * correction for pairwise claims (Demšar 2006; Benavoli et al. 2016; METRICS.md §6.2). Zero
 * differences are dropped; exact null without ties, else the normal approximation with tie
 * correction and no continuity correction (scipy.stats.wilcoxon defaults).
 */
import { normalCdf } from './distributions.js';
import { averageRanks } from './ranks.js';

export interface WilcoxonResult {
  /** Non-zero differences used. */
  n: number;
  wPlus: number;
  wMinus: number;
  /** T = min(W⁺, W⁻). */
  statistic: number;
  /** Two-sided p. */
  p: number;
  method: 'exact' | 'normal';
  warning?: string;
}

/** P(W ≤ t) under the exact null for n untied ranks (counts subsets of 1..n by sum). */
function exactLowerTail(t: number, n: number): number {
  const max = (n * (n + 1)) / 2;
  let counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    const next = counts.slice();
    for (let s = r; s <= max; s++) next[s] += counts[s - r];
    counts = next;
  }
  let below = 0;
  for (let s = 0; s <= Math.floor(t); s++) below += counts[s];
  return below / 2 ** n;
}

/** Two-sided Wilcoxon signed-rank test on paired scores a[d], b[d]. */
export function wilcoxonSignedRank(a: readonly number[], b: readonly number[]): WilcoxonResult {
  if (a.length !== b.length) throw new RangeError(`wilcoxon: ${a.length} vs ${b.length} data sets`);
  const d = a.map((v, i) => v - b[i]).filter((v) => v !== 0);
  const n = d.length;
  const warning =
    n <= 5 ? `only ${n} non-zero difference(s): the smallest two-sided p is ${(2 / 2 ** n).toFixed(4)}, so nothing can be significant at 0.05` : undefined;
  if (n === 0) return { n, wPlus: 0, wMinus: 0, statistic: 0, p: 1, method: 'exact', warning };
  const { ranks, tieGroups } = averageRanks(d.map(Math.abs));
  let wPlus = 0;
  let wMinus = 0;
  d.forEach((v, i) => (v > 0 ? (wPlus += ranks[i]) : (wMinus += ranks[i])));
  const T = Math.min(wPlus, wMinus);
  if (tieGroups.length === 0) {
    return { n, wPlus, wMinus, statistic: T, p: Math.min(1, 2 * exactLowerTail(T, n)), method: 'exact', ...(warning ? { warning } : {}) };
  }
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieGroups.reduce((s, t) => s + t ** 3 - t, 0) / 48;
  const z = (T - mean) / Math.sqrt(variance);
  return { n, wPlus, wMinus, statistic: T, p: Math.min(1, 2 * normalCdf(z)), method: 'normal', ...(warning ? { warning } : {}) };
}

/** Holm step-down adjusted p-values: adj_(i) = max_{j≤i} min(1, (m−j+1) p_(j)). */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], j) => {
    running = Math.max(running, Math.min(1, (m - j) * p));
    out[i] = running;
  });
  return out;
}

export interface WilcoxonHolmResult {
  names: string[];
  /** Raw and Holm-adjusted two-sided p per pair, k × k (1 on the diagonal). */
  p: number[][];
  adjusted: number[][];
  tests: { a: string; b: string; result: WilcoxonResult; adjustedP: number }[];
}

/** Pairwise Wilcoxon signed-rank tests over data sets with Holm correction. `scores[name][d]`. */
export function wilcoxonHolm(scores: Record<string, readonly number[]>): WilcoxonHolmResult {
  const names = Object.keys(scores);
  const tests: { a: string; b: string; result: WilcoxonResult; adjustedP: number }[] = [];
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      tests.push({ a: names[i], b: names[j], result: wilcoxonSignedRank(scores[names[i]], scores[names[j]]), adjustedP: 1 });
    }
  const adj = holm(tests.map((t) => t.result.p));
  tests.forEach((t, i) => (t.adjustedP = adj[i]));
  const k = names.length;
  const p = Array.from({ length: k }, () => new Array<number>(k).fill(1));
  const adjusted = Array.from({ length: k }, () => new Array<number>(k).fill(1));
  for (const t of tests) {
    const i = names.indexOf(t.a);
    const j = names.indexOf(t.b);
    p[i][j] = p[j][i] = t.result.p;
    adjusted[i][j] = adjusted[j][i] = t.adjustedP;
  }
  return { names, p, adjusted, tests };
}
