/**
 * The growing ensemble behind the diversity curves (diversity-curves.ts): per example the votes
 * and running majority, the probability sums (in a WebAssembly accumulator where they fit) and
 * the all-wrong bitset, so adding one model to a subset costs one pass; and the statistics of the
 * complement of the current ensemble within a fixed set of models. Votes and probability sums are
 * kept by WebAssembly kernels where available (wasm-votes.ts, wasm-add.ts; the same numbers).
 */
import { popcount32, type CorrectnessMatrix } from './correctness.js';
import { wasmRowAccumulator, type RowAccumulator } from './wasm-add.js';
import { wasmVoter, type Voter } from './wasm-votes.js';

export interface CurveInput {
  labels: ArrayLike<number>;
  preds: readonly ArrayLike<number>[];
  probs: readonly (Float64Array | undefined)[];
  numClasses: number;
  correctness: CorrectnessMatrix;
  /** Recipe id of each model (models with the same recipe are seeds of it). */
  recipes?: readonly (string | undefined)[];
}

/** Incremental state of a growing ensemble: votes, probability sums and the all-wrong bitset. */
export class Ensemble {
  readonly votes: Uint16Array;
  readonly best: Uint16Array;
  readonly sums: Float64Array | null;
  private readonly kernel: RowAccumulator | null;
  private readonly voter: Voter | null;
  readonly wrong: Uint32Array;
  size = 0;
  indep = 1;
  /** Votes, probability sums and correct counts of a fixed set of models (setTotal), for complementStats. */
  private total: { votes: Uint16Array; sums: Float64Array | null; correct: Uint16Array } | null = null;
  constructor(private readonly inp: CurveInput) {
    const N = inp.labels.length;
    this.voter = wasmVoter(inp.preds, inp.labels, inp.numClasses);
    this.votes = this.voter ? this.voter.votes : new Uint16Array(N * inp.numClasses);
    this.best = this.voter ? this.voter.best : new Uint16Array(N);
    const allProbs = inp.probs.every((p) => p !== undefined);
    // probability sums in WebAssembly memory where it fits (bit-identical; see wasm-add.ts)
    this.kernel = allProbs ? wasmRowAccumulator(inp.probs as Float64Array[], inp) : null;
    this.sums = this.kernel ? this.kernel.sums : allProbs ? new Float64Array(N * inp.numClasses) : null;
    this.wrong = new Uint32Array(inp.correctness.words);
    this.reset();
  }
  reset(): void {
    this.votes.fill(0);
    this.best.fill(0);
    this.sums?.fill(0);
    this.wrong.fill(0xffffffff);
    this.size = 0;
    this.indep = 1;
  }
  add(m: number): void {
    this.addVotes(m);
    this.addSums(m);
  }
  addVotes(m: number): void {
    if (this.voter) {
      this.voter.add(m);
      return;
    }
    const { labels, preds, numClasses: K } = this.inp;
    const N = labels.length;
    const pred = preds[m];
    const votes = this.votes,
      best = this.best;
    for (let x = 0; x < N; x++) {
      const o = x * K;
      const v = pred[x];
      const n = ++votes[o + v];
      const b = best[x];
      // best stays the lowest class index among those with the most votes
      if (v !== b && (n > votes[o + b] || (n === votes[o + b] && v < b))) best[x] = v;
    }
  }
  addSums(m: number): void {
    const { labels, probs, correctness: c } = this.inp;
    const N = labels.length;
    const p = probs[m];
    const sums = this.sums;
    if (this.kernel) this.kernel.add(m);
    else if (sums && p) for (let i = 0; i < p.length; i++) sums[i] += p[i];
    const W = c.words;
    const wrong = this.wrong,
      bits = c.bits,
      base = m * W;
    for (let w = 0; w < W; w++) wrong[w] &= ~bits[base + w];
    this.indep *= 1 - c.correct[m] / N;
    this.size++;
  }
  /** Remembers the ensemble of `members` (then resets) so complementStats can read "all of them but the current ensemble". */
  setTotal(members: readonly number[]): void {
    const { labels, numClasses: K } = this.inp;
    this.reset();
    for (const m of members) this.add(m);
    const votes = Uint16Array.from(this.votes);
    const correct = Uint16Array.from(labels, (y, x) => votes[x * K + y]);
    this.voter?.keepTotal();
    this.total = { votes, sums: this.sums ? Float64Array.from(this.sums) : null, correct };
    this.reset();
  }

  /**
   * The stats of the models `order[j..]` when the current ensemble is `order[0..j)` and `order`
   * is an ordering of setTotal's members: votes, sums and correct counts are the total's minus
   * the ensemble's; majority and mean-probability ties keep the lowest class index, as stats().
   */
  complementStats(order: readonly number[], j: number) {
    const { labels, numClasses: K, correctness: c } = this.inp;
    const N = labels.length;
    const t = this.total;
    if (!t) throw new Error('complementStats before setTotal');
    const votes = this.votes,
      tv = t.votes,
      tc = t.correct;
    let majority = 0,
      allFail = 0;
    if (this.voter) ({ majority, allFail } = this.voter.complement());
    else
      for (let x = 0, o = 0; x < N; x++, o += K) {
        let b = 0,
          bv = tv[o] - votes[o];
        for (let k = 1; k < K; k++) {
          const v = tv[o + k] - votes[o + k];
          if (v > bv) {
            bv = v;
            b = k;
          }
        }
        const y = labels[x];
        if (b === y) majority++;
        if (tc[x] === votes[o + y]) allFail++;
      }
    let meanProb: number | null = null;
    if (this.sums && t.sums) {
      let right = 0;
      const s = this.sums,
        ts = t.sums;
      // as stats(): the label wins unless a class before it reaches it or one after exceeds it
      for (let x = 0, o = 0; x < N; x++, o += K) {
        const y = labels[x];
        const v = ts[o + y] - s[o + y];
        let k = 0;
        while (k < y && ts[o + k] - s[o + k] < v) k++;
        if (k < y) continue;
        k = y + 1;
        while (k < K && ts[o + k] - s[o + k] <= v) k++;
        if (k === K) right++;
      }
      meanProb = right / N;
    }
    let indep = 1;
    for (let i = j; i < order.length; i++) indep *= 1 - c.correct[order[i]] / N;
    return { sfr: allFail / N, majority: majority / N, meanProb, indep };
  }

  stats() {
    const { labels, numClasses: K } = this.inp;
    const N = labels.length;
    let majority = 0;
    const best = this.best;
    for (let x = 0; x < N; x++) if (best[x] === labels[x]) majority++;
    let meanProb: number | null = null;
    const wins = this.kernel?.labelWins;
    if (wins) meanProb = wins() / N;
    else if (this.sums) {
      let right = 0;
      const s = this.sums;
      // the label is the argmax (ties → lowest index) unless a class before it reaches its sum or
      // one after it exceeds it: stop at the first such class
      for (let x = 0, o = 0; x < N; x++, o += K) {
        const y = labels[x];
        const v = s[o + y];
        let k = 0;
        while (k < y && s[o + k] < v) k++;
        if (k < y) continue;
        k = y + 1;
        while (k < K && s[o + k] <= v) k++;
        if (k === K) right++;
      }
      meanProb = right / N;
    }
    const W = this.wrong.length;
    let allFail = 0;
    for (let w = 0; w < W; w++) allFail += popcount32(this.wrong[w] & (w === W - 1 && N % 32 ? (1 << (N % 32)) - 1 : 0xffffffff));
    return { sfr: allFail / N, majority: majority / N, meanProb, indep: this.indep };
  }
}

/** One subset's statistics. */
export type Sample = ReturnType<Ensemble['stats']>;
