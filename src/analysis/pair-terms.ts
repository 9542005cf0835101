/**
 * The terms of the attribution regression (pair-regression.ts): factor keys grouped by the pairs
 * that share them — keys shared by exactly the same pairs are one term ("seed + stream:init") —
 * and, per term, why it cannot be fitted (no pair or every pair shares it). One skeleton of terms
 * per response; the regression fills in estimates, CIs and p-values.
 */
import { factorKeys, internedBy, type ModelFactors } from './factors.js';
import type { Interval } from './interval.js';

export interface Pair {
  a: number;
  b: number;
}

export interface RegressionTerm {
  /** "architecture", or aliased keys joined: "seed + stream:init". */
  factor: string;
  keys: string[];
  /** β: the change in similarity when the pair shares this, at equal accuracies. */
  estimate: number | null;
  identifiable: boolean;
  /** Why not identifiable. */
  reason?: string;
  /** Pairs (of those in the fit) that share it. */
  sharedPairs: number;
  ci: Interval | null;
  /** Permutation p-value, (1 + #{|β*| ≥ |β|}) / (1 + R); null when not identifiable or not permutable. */
  p: number | null;
  permutations: number;
  /** Permutations in which the term was not identifiable (left out of R). */
  undefinedPermutations: number;
  /** The keys within whose levels the labels were permuted ([] = across all models). */
  permutedWithin: string[];
  permutationNote?: string;
}

export interface RegressionTerms {
  /** Every factor key of the fitted models. */
  keys: string[];
  /** Per response, the terms in order (the same skeleton for each). */
  terms: RegressionTerm[][];
  /** The keys of each fitted (varying) term, and its index in `terms[k]`. */
  fittedKeys: string[][];
  fittedIndex: number[];
  /** Per fitted term, its 0/1 share indicator over `all`. */
  indicators: Uint8Array[];
}

/** The terms for `responses` regressions over the pairs `all` of the M models (those with factors in `models`). */
export function regressionTerms(all: readonly Pair[], F: readonly ModelFactors[], M: number, models: readonly number[], responses: number): RegressionTerms {
  const Y = responses;
  // terms: keys grouped by identical share pattern over the fitted pairs
  const keys = factorKeys(models.map((i) => F[i]));
  // per key, each model's value as a small integer (−1: no value), so sharing is one comparison
  const levels = new Map(keys.map((k) => [k, internedBy(F, M, (f) => f[k]).id]));
  const sharedPattern = (k: string) => {
    const lv = levels.get(k) as Int32Array;
    return Uint8Array.from(all, (p) => (lv[p.a] >= 0 && lv[p.a] === lv[p.b] ? 1 : 0));
  };
  const byPattern = new Map<string, string[]>();
  const patternOf = new Map<string, Uint8Array>();
  for (const k of keys) {
    const bits = sharedPattern(k);
    const pat = Buffer.from(bits.buffer, bits.byteOffset, bits.length).toString('latin1');
    patternOf.set(k, bits);
    const g = byPattern.get(pat);
    if (g) g.push(k);
    else byPattern.set(pat, [k]);
  }
  // the terms of every response (the same skeleton; estimates, CIs and p-values are per response)
  const terms: RegressionTerm[][] = Array.from({ length: Y }, () => []);
  const fittedKeys: string[][] = [];
  const fittedIndex: number[] = [];
  for (const ks of byPattern.values()) {
    let shared = 0;
    for (const v of patternOf.get(ks[0]) as Uint8Array) shared += v;
    let reason: string | undefined;
    if (all.length === 0) reason = 'no pair with a defined value';
    else if (shared === 0) reason = 'no pair shares it (no variation)';
    else if (shared === all.length) reason = 'every pair shares it (no variation)';
    for (const list of terms) {
      const term: RegressionTerm = {
        factor: ks.join(' + '),
        keys: ks.slice(),
        estimate: null,
        identifiable: false,
        sharedPairs: shared,
        ci: null,
        p: null,
        permutations: 0,
        undefinedPermutations: 0,
        permutedWithin: [],
      };
      if (ks.length > 1) term.permutationNote = `${ks.join(', ')} are shared by exactly the same pairs: one term`;
      if (reason) term.reason = reason;
      list.push(term);
    }
    if (!reason) {
      fittedKeys.push(ks);
      fittedIndex.push(terms[0].length - 1);
    }
  }
  const indicators = fittedKeys.map((ks) => patternOf.get(ks[0]) as Uint8Array);
  return { keys, terms, fittedKeys, fittedIndex, indicators };
}
