/**
 * One stated verdict per leaderboard row against the reference row (the best): the Bayesian
 * correlated t-test over the paired CV splits (training variation) gives P(worse), P(equivalent
 * within ±rope) and P(better); the paired bootstrap of the accuracy difference over examples
 * (test-set sampling, models fixed) gives a CI. Reconciled, at posterior threshold 0.95:
 *   P(worse) ≥ .95 → worse; P(better) ≥ .95 → better; P(rope) ≥ .95 → equivalent;
 *   else the example CI excludes 0 → worse/better "on these examples" (not across splits);
 *   else undecided (the protocol cannot tell).
 */
import { mulberry32, resampleCounts } from './bootstrap.js';
import { percentileInterval, type Interval } from './interval.js';
import { bayesianCorrelatedTTest, type BayesianTTestResult } from './ttests.js';

export const VERDICT_THRESHOLD = 0.95;
export const DEFAULT_ROPE = 0.01;

export type VerdictKind = 'reference' | 'better' | 'worse' | 'equivalent' | 'worse-on-examples' | 'better-on-examples' | 'undecided';

export interface Verdict {
  kind: VerdictKind;
  /** One sentence a reader can quote. */
  text: string;
  bayes: BayesianTTestResult | null;
  /** CI of accuracy(row) − accuracy(reference) over examples. */
  exampleDifference: Interval | null;
  rope: number;
}

/** Paired percentile bootstrap CI of mean(a − b) over examples (same resample for both). */
export function pairedDifferenceCi(a: ArrayLike<number>, b: ArrayLike<number>, o: { resamples?: number; seed?: number; level?: number } = {}): Interval {
  return pairedDifferenceCis([a], b, o)[0];
}

/**
 * pairedDifferenceCi of each row against the same `b`, every resample drawn once and applied to
 * every row (the same draws as one call per row with the same seed, so the same intervals).
 */
export function pairedDifferenceCis(
  rows: readonly ArrayLike<number>[],
  b: ArrayLike<number>,
  o: { resamples?: number; seed?: number; level?: number } = {},
): Interval[] {
  const N = b.length;
  const B = o.resamples ?? 1000;
  const seed = o.seed ?? 0;
  const d = rows.map((a) => Float64Array.from({ length: N }, (_, x) => a[x] - b[x]));
  const est = d.map((dr) => {
    let e = 0;
    for (const v of dr) e += v / N;
    return e;
  });
  const rng = mulberry32(seed);
  const w = new Int32Array(N);
  const reps = rows.map(() => new Float64Array(B));
  for (let r = 0; r < B; r++) {
    resampleCounts(N, rng, w);
    d.forEach((dr, i) => {
      let s = 0;
      for (let x = 0; x < N; x++) if (w[x]) s += w[x] * dr[x];
      reps[i][r] = s / N;
    });
  }
  return reps.map((rep, i) =>
    percentileInterval(est[i], rep, {
      level: o.level ?? 0.95,
      seed,
      covers: ['examples'],
      method: `paired bootstrap over examples (${B} resamples, models fixed)`,
    }),
  );
}

const pct = (v: number) => `${(v * 100).toFixed(1)} pp`;
const pr = (v: number) => (v >= 0.995 ? '> 0.99' : v < 0.005 ? '< 0.01' : v.toFixed(2));

/** The verdict of a row against the reference, from paired split scores and/or the example CI. */
export function verdict(
  splits: { row: readonly number[]; reference: readonly number[]; folds: number } | null,
  exampleDifference: Interval | null,
  rope = DEFAULT_ROPE,
): Verdict {
  let bayes: BayesianTTestResult | null = null;
  if (splits && splits.row.length === splits.reference.length && splits.row.length >= 2) {
    bayes = bayesianCorrelatedTTest(splits.row, splits.reference, { folds: splits.folds, rope });
  }
  const ex = exampleDifference;
  const exText = ex && ex.lo !== null && ex.hi !== null ? `examples CI of the difference [${pct(ex.lo)}, ${pct(ex.hi)}]` : 'no example CI';
  const probs = bayes
    ? `P(worse) ${pr(bayes.left)}, P(within ±${pct(rope)}) ${pr(bayes.rope)}, P(better) ${pr(bayes.right)} over ${splits?.row.length} splits`
    : 'no paired splits';
  const base = { bayes, exampleDifference: ex, rope };
  if (bayes && bayes.left >= VERDICT_THRESHOLD) return { ...base, kind: 'worse', text: `worse than the best: ${probs}; ${exText}` };
  if (bayes && bayes.right >= VERDICT_THRESHOLD) return { ...base, kind: 'better', text: `better than the reference: ${probs}; ${exText}` };
  if (bayes && bayes.rope >= VERDICT_THRESHOLD)
    return { ...base, kind: 'equivalent', text: `equivalent to the best within ±${pct(rope)}: ${probs}; ${exText}` };
  if (ex && ex.hi !== null && ex.hi < 0)
    return { ...base, kind: 'worse-on-examples', text: `worse on these examples (${exText}, excludes 0), but not shown across training splits (${probs})` };
  if (ex && ex.lo !== null && ex.lo > 0)
    return { ...base, kind: 'better-on-examples', text: `better on these examples (${exText}, excludes 0), but not shown across training splits (${probs})` };
  return { ...base, kind: 'undecided', text: `undecided — the protocol cannot tell this row from the best: ${probs}; ${exText}` };
}
