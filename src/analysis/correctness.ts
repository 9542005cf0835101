/**
 * Bit-packed correctness matrix C[m, x] = 1[ŷ_m(x) = y(x)] (METRICS.md §0) and the pairwise 2×2
 * tables (N11, N10, N01, N00) every correctness-based measure is built from. One Uint32 word holds
 * 32 examples, so a pair's N11 is a popcount over ⌈N/32⌉ words instead of a loop over N examples.
 */

export interface CorrectnessMatrix {
  /** M, number of models. */
  readonly models: number;
  /** N, number of examples. */
  readonly examples: number;
  /** ⌈N/32⌉, words per model. */
  readonly words: number;
  /** M × words; bit (x mod 32) of word ⌊x/32⌋ in row m is 1 when model m is right on x. */
  readonly bits: Uint32Array;
  /** Σ_x C[m, x] per model. */
  readonly correct: Int32Array;
  /** l(x) = Σ_m C[m, x], models right on x. */
  readonly correctPerExample: Uint16Array;
}

/** Number of set bits in a 32-bit word. */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Builds C from labels and each model's predicted labels (all the same length N). */
export function correctnessMatrix(labels: ArrayLike<number>, preds: readonly ArrayLike<number>[]): CorrectnessMatrix {
  const M = preds.length;
  const N = labels.length;
  if (M > 65535) throw new RangeError('at most 65535 models');
  const W = (N + 31) >>> 5;
  const bits = new Uint32Array(M * W);
  const correct = new Int32Array(M);
  const perExample = new Uint16Array(N);
  for (let m = 0; m < M; m++) {
    const p = preds[m];
    const base = m * W;
    let count = 0;
    for (let w = 0; w < W; w++) {
      const start = w << 5;
      const end = Math.min(N, start + 32);
      let word = 0;
      for (let x = start; x < end; x++) {
        if (p[x] === labels[x]) {
          word |= 1 << (x - start);
          perExample[x]++;
          count++;
        }
      }
      bits[base + w] = word;
    }
    correct[m] = count;
  }
  return { models: M, examples: N, words: W, bits, correct, correctPerExample: perExample };
}

/** Per-model accuracy p_m = mean_x C[m, x]. */
export function accuracies(c: CorrectnessMatrix): Float64Array {
  const out = new Float64Array(c.models);
  for (let m = 0; m < c.models; m++) out[m] = c.examples === 0 ? NaN : c.correct[m] / c.examples;
  return out;
}

const n11Cache = new WeakMap<CorrectnessMatrix, Int32Array>();

/**
 * N11 for every pair as a symmetric M × M matrix (row-major); the diagonal holds each model's
 * correct count. N10 = correct_i − N11, N01 = correct_j − N11, N00 = N − N11 − N10 − N01.
 * Computed once per matrix (error consistency and the diversity measures share it): treat the
 * result as read-only.
 */
export function bothCorrectCounts(c: CorrectnessMatrix): Int32Array {
  const cached = n11Cache.get(c);
  if (cached) return cached;
  const out = computeBothCorrect(c);
  n11Cache.set(c, out);
  return out;
}

function computeBothCorrect(c: CorrectnessMatrix): Int32Array {
  const { models: M, words: W, bits } = c;
  const out = new Int32Array(M * M);
  for (let i = 0; i < M; i++) {
    out[i * M + i] = c.correct[i];
    const bi = i * W;
    for (let j = i + 1; j < M; j++) {
      const bj = j * W;
      let s = 0;
      for (let w = 0; w < W; w++) {
        let v = bits[bi + w] & bits[bj + w];
        v = v - ((v >>> 1) & 0x55555555);
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
        s += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
      }
      out[i * M + j] = s;
      out[j * M + i] = s;
    }
  }
  return out;
}

/** The 2×2 table of models i and j (1 = correct). */
export interface PairTable {
  n11: number;
  n10: number;
  n01: number;
  n00: number;
}

export function pairTable(c: CorrectnessMatrix, n11: Int32Array, i: number, j: number): PairTable {
  const a = n11[i * c.models + j];
  const n10 = c.correct[i] - a;
  const n01 = c.correct[j] - a;
  return { n11: a, n10, n01, n00: c.examples - a - n10 - n01 };
}

/** Histogram of the failure count F(x) = M − l(x): index F, value = number of examples. */
export function failureCountHistogram(c: CorrectnessMatrix): Float64Array {
  const h = new Float64Array(c.models + 1);
  for (let x = 0; x < c.examples; x++) h[c.models - c.correctPerExample[x]]++;
  return h;
}
