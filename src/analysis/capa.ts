/**
 * CAPA κ_p (Goel et al. 2025; METRICS.md §4): chance-adjusted probabilistic agreement. It adjusts
 * for accuracy like error consistency but also tells different wrong answers apart. With
 * probabilities, c_obs is the chance two sampled answers coincide; without, one-hot rows make
 * c_obs the label agreement and p̄ the accuracy (discrete CAPA).
 */
import { EPS, summarizePairs, type Maybe, type PairMatrix } from './pair-summary.js';

export const CAPA_UNDEFINED = 'c_exp = 1';

/** κ_p from c_obs, the two mean correct-option probabilities and mean 1/(|O(x)| − 1). */
export function capaKappa(cObs: number, pI: number, pJ: number, wrongShare: number): Maybe {
  const cExp = pI * pJ + (1 - pI) * (1 - pJ) * wrongShare;
  if (1 - cExp <= EPS) return { value: null, reason: CAPA_UNDEFINED };
  return { value: (cObs - cExp) / (1 - cExp) };
}

export interface CapaResult extends PairMatrix {
  /** 'probabilistic' when every model has probabilities, else 'discrete'. */
  kind: 'probabilistic' | 'discrete';
}

/**
 * Σ_x Σ_k p_i(k|x) p_j(k|x) for all pairs (M × M, row-major). `probs[m]` is N × K row-major.
 * Blocked over examples so the block of every model's rows stays in cache.
 */
export function probabilityOverlap(probs: readonly Float64Array[], numClasses: number): Float64Array {
  const M = probs.length;
  const out = new Float64Array(M * M);
  if (M === 0) return out;
  const total = probs[0].length;
  const block = Math.max(numClasses, Math.floor(Math.max(1, (1 << 17) / Math.max(1, M)) / numClasses) * numClasses);
  for (let start = 0; start < total; start += block) {
    const end = Math.min(total, start + block);
    for (let i = 0; i < M; i++) {
      const a = probs[i];
      for (let j = i; j < M; j++) {
        const b = probs[j];
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let t = start;
        for (; t + 3 < end; t += 4) {
          s0 += a[t] * b[t];
          s1 += a[t + 1] * b[t + 1];
          s2 += a[t + 2] * b[t + 2];
          s3 += a[t + 3] * b[t + 3];
        }
        for (; t < end; t++) s0 += a[t] * b[t];
        out[i * M + j] += s0 + s1 + s2 + s3;
      }
    }
  }
  for (let i = 0; i < M; i++) for (let j = i + 1; j < M; j++) out[j * M + i] = out[i * M + j];
  return out;
}

/** Mean probability on the correct class per model, p̄_m = (1/N) Σ_x p_m(y_x|x). */
export function meanCorrectProbability(probs: readonly Float64Array[], labels: ArrayLike<number>, numClasses: number): Float64Array {
  const out = new Float64Array(probs.length);
  const N = labels.length;
  for (let m = 0; m < probs.length; m++) {
    let s = 0;
    for (let x = 0; x < N; x++) s += probs[m][x * numClasses + labels[x]];
    out[m] = s / N;
  }
  return out;
}

/**
 * CAPA from an overlap matrix (Σ_x c_obs contributions, diagonal = self-overlap) and the mean
 * correct-class probabilities; every example has K options so mean 1/(|O|−1) = 1/(K−1).
 */
export function capaFromOverlap(overlap: Float64Array, pbar: ArrayLike<number>, N: number, numClasses: number, kind: CapaResult['kind']): CapaResult {
  const M = pbar.length;
  const share = 1 / (numClasses - 1);
  const base = summarizePairs(
    M,
    (i, j) => capaKappa(overlap[i * M + j] / N, pbar[i], pbar[j], share),
    (i) => capaKappa(overlap[i * M + i] / N, pbar[i], pbar[i], share).value,
  );
  return { ...base, kind };
}

export interface CapaInput {
  labels: ArrayLike<number>;
  numClasses: number;
  preds: readonly ArrayLike<number>[];
  /** Per model N × K row-major probabilities; used only when every model has them. */
  probs?: readonly (Float64Array | undefined)[];
}

/** CAPA κ_p for every pair; probabilistic when every model has probabilities, else discrete. */
export function capa(input: CapaInput): CapaResult {
  const { labels, numClasses: K, preds } = input;
  const N = labels.length;
  const M = preds.length;
  const probs = input.probs;
  if (probs && probs.length === M && probs.every((p) => p !== undefined)) {
    const ps = probs as Float64Array[];
    return capaFromOverlap(probabilityOverlap(ps, K), meanCorrectProbability(ps, labels, K), N, K, 'probabilistic');
  }
  const overlap = new Float64Array(M * M);
  const acc = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    let c = 0;
    for (let x = 0; x < N; x++) if (preds[i][x] === labels[x]) c++;
    acc[i] = c / N;
    overlap[i * M + i] = N;
    for (let j = i + 1; j < M; j++) {
      let s = 0;
      for (let x = 0; x < N; x++) if (preds[i][x] === preds[j][x]) s++;
      overlap[i * M + j] = overlap[j * M + i] = s;
    }
  }
  return capaFromOverlap(overlap, acc, N, K, 'discrete');
}
