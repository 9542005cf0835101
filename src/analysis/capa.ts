/**
 * CAPA κ_p (Goel et al. 2025; METRICS.md §4): chance-adjusted probabilistic agreement. It adjusts
 * for accuracy like error consistency but also tells different wrong answers apart. With
 * probabilities, c_obs is the chance two sampled answers coincide; without, one-hot rows make
 * c_obs the label agreement and p̄ the accuracy (discrete CAPA).
 */
import { EPS, summarizePairs, type Maybe, type PairMatrix } from './pair-summary.js';
import { CalibrationAccumulator, expectedCalibrationError, type CalibrationResult } from './calibration.js';
import { wasmGram } from './wasm-gram.js';

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

/** Σ_t a[t]·b[t] over [start, end). */
function dot(a: Float64Array, b: Float64Array, start: number, end: number): number {
  let s0 = 0,
    s1 = 0;
  let t = start;
  for (; t + 1 < end; t += 2) {
    s0 += a[t] * b[t];
    s1 += a[t + 1] * b[t + 1];
  }
  if (t < end) s0 += a[t] * b[t];
  return s0 + s1;
}

/**
 * Σ_x Σ_k p_i(k|x) p_j(k|x) for all pairs (M × M, row-major). `probs[m]` is N × K row-major.
 * The WebAssembly SIMD kernel (wasm-gram.ts) where available, else probabilityOverlapJs.
 */
export function probabilityOverlap(probs: readonly Float64Array[], numClasses: number): Float64Array {
  if (probs.length > 0 && probs.every((p) => p.length === probs[0].length)) {
    const g = wasmGram(probs);
    if (g) return g;
  }
  return probabilityOverlapJs(probs, numClasses);
}

/**
 * probabilityOverlap in JavaScript. This is the Gram matrix P Pᵀ of the M × (N·K) probability matrix: blocked over examples so the
 * block of every model's rows stays in cache, and register-tiled over 4 × 2 model pairs so each
 * loaded value serves several multiply-adds (about 1.6× the plain pairwise dot products).
 */
export function probabilityOverlapJs(probs: readonly Float64Array[], numClasses: number): Float64Array {
  const M = probs.length;
  const out = new Float64Array(M * M);
  if (M === 0) return out;
  const total = probs[0].length;
  const block = Math.max(numClasses, Math.floor(Math.max(1, (1 << 16) / Math.max(1, M)) / numClasses) * numClasses);
  for (let start = 0; start < total; start += block) {
    const end = Math.min(total, start + block);
    let i = 0;
    for (; i + 3 < M; i += 4) {
      const a0 = probs[i],
        a1 = probs[i + 1],
        a2 = probs[i + 2],
        a3 = probs[i + 3];
      // the 4 × 4 tile on the diagonal, upper triangle
      for (let p = 0; p < 4; p++) for (let q = p; q < 4; q++) out[(i + p) * M + i + q] += dot(probs[i + p], probs[i + q], start, end);
      let j = i + 4;
      for (; j + 1 < M; j += 2) {
        const b0 = probs[j],
          b1 = probs[j + 1];
        let s00 = 0,
          s01 = 0,
          s10 = 0,
          s11 = 0,
          s20 = 0,
          s21 = 0,
          s30 = 0,
          s31 = 0;
        for (let t = start; t < end; t++) {
          const v0 = b0[t],
            v1 = b1[t];
          const u0 = a0[t],
            u1 = a1[t],
            u2 = a2[t],
            u3 = a3[t];
          s00 += u0 * v0;
          s01 += u0 * v1;
          s10 += u1 * v0;
          s11 += u1 * v1;
          s20 += u2 * v0;
          s21 += u2 * v1;
          s30 += u3 * v0;
          s31 += u3 * v1;
        }
        const r = i * M + j;
        out[r] += s00;
        out[r + 1] += s01;
        out[r + M] += s10;
        out[r + M + 1] += s11;
        out[r + 2 * M] += s20;
        out[r + 2 * M + 1] += s21;
        out[r + 3 * M] += s30;
        out[r + 3 * M + 1] += s31;
      }
      for (; j < M; j++) {
        const b0 = probs[j];
        let s0 = 0,
          s1 = 0,
          s2 = 0,
          s3 = 0;
        for (let t = start; t < end; t++) {
          const v = b0[t];
          s0 += a0[t] * v;
          s1 += a1[t] * v;
          s2 += a2[t] * v;
          s3 += a3[t] * v;
        }
        out[i * M + j] += s0;
        out[(i + 1) * M + j] += s1;
        out[(i + 2) * M + j] += s2;
        out[(i + 3) * M + j] += s3;
      }
    }
    for (; i < M; i++) for (let j = i; j < M; j++) out[i * M + j] += dot(probs[i], probs[j], start, end);
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

/**
 * One pass over every model's probabilities for what analyzePredictions needs of them: the
 * overlap matrix, the mean correct-class probability per model and each model's ECE/MCE, the
 * latter two computed on each block while the overlap kernel has it in cache (same values, same
 * order of summation as meanCorrectProbability and expectedCalibrationError).
 */
export function probabilityPass(
  probs: readonly Float64Array[],
  labels: ArrayLike<number>,
  numClasses: number,
): { overlap: Float64Array; pbar: Float64Array; calibration: CalibrationResult[] } {
  const K = numClasses;
  const N = labels.length;
  const M = probs.length;
  const same = probs.every((p) => p.length === N * K);
  if (same && M > 0) {
    const accs = probs.map(() => new CalibrationAccumulator());
    const sums = new Float64Array(M);
    const overlap = wasmGram(probs, {
      recordLength: K,
      block: (m, start, values) => {
        const x0 = start / K;
        const rows = values.length / K;
        let s = sums[m];
        for (let r = 0; r < rows; r++) s += values[r * K + labels[x0 + r]];
        sums[m] = s;
        accs[m].add(values, K, labels, x0);
      },
    });
    if (overlap) return { overlap, pbar: sums.map((v) => v / N), calibration: accs.map((a) => a.result()) };
  }
  return {
    overlap: probabilityOverlap(probs, K),
    pbar: meanCorrectProbability(probs, labels, K),
    calibration: probs.map((p) => expectedCalibrationError(p, labels, K)),
  };
}
