/**
 * The votes of the diversity curves' growing ensemble (curve-ensemble.ts) as a WebAssembly kernel:
 * `vote` adds one model's predictions to the per-example class counts and keeps each example's
 * running majority (the lowest class index among the most voted), `complement` counts, for the
 * models of a fixed total minus the current ensemble, the examples whose majority is the label and
 * those every one of them gets wrong. Integer counts and comparisons only, in the same order as
 * the JavaScript loops: the same numbers. Every model's predictions are copied once into the
 * kernel's memory.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  I32,
  I32_ADD,
  I32_AND,
  I32_EQ,
  I32_GE_U,
  I32_GT_U,
  I32_GT_S,
  I32_LOAD,
  I32_LOAD16_U,
  I32_LT_U,
  I32_NE,
  I32_OR,
  I32_SHL,
  I32_STORE,
  I32_STORE16,
  I32_SUB,
  IF,
  LOOP,
  VOID,
  compile,
  ensureMemory,
  get,
  i32,
  instantiate,
  emitter,
  moduleOf,
  set,
  wasmEnabled,
  type WasmFunction,
  type WasmMemory,
} from './wasm-asm.js';

/**
 * vote(pred, votes, best, n, K): for x < n, v = pred[x] (i32): votes[x·K + v] += 1 (u16) and best[x]
 * (u16) becomes v when v ≠ best[x] and v now has more votes, or as many and a lower index.
 */
function voteFunction(): WasmFunction {
  const [PRED, VOTES, BEST, N, K, X, ROW, V, A, C, B] = Array.from({ length: 11 }, (_, i) => i);
  const { body, emit } = emitter();
  emit(i32(0), set(X), get(VOTES), set(ROW));
  emit([BLOCK, VOID, LOOP, VOID], get(X), get(N), [I32_GE_U, BR_IF, 1]);
  emit(get(PRED), get(X), i32(2), [I32_SHL, I32_ADD], I32_LOAD, set(V));
  emit(get(ROW), get(V), i32(1), [I32_SHL, I32_ADD], set(A));
  emit(get(A), get(A), I32_LOAD16_U, i32(1), [I32_ADD], set(C), get(C), I32_STORE16);
  emit(get(BEST), get(X), i32(1), [I32_SHL, I32_ADD], I32_LOAD16_U, set(B));
  emit(get(V), get(B), [I32_NE, IF, VOID]);
  // n > votes[b] || (n === votes[b] && v < b), with nb = votes[x·K + b] reusing A
  emit(get(ROW), get(B), i32(1), [I32_SHL, I32_ADD], I32_LOAD16_U, set(A));
  emit(get(C), get(A), [I32_GT_U], get(C), get(A), [I32_EQ], get(V), get(B), [I32_LT_U, I32_AND, I32_OR, IF, VOID]);
  emit(get(BEST), get(X), i32(1), [I32_SHL, I32_ADD], get(V), I32_STORE16);
  emit([END, END]);
  emit(get(X), i32(1), [I32_ADD], set(X), get(ROW), get(K), i32(1), [I32_SHL, I32_ADD], set(ROW), [BR, 0, END, END]);
  return { name: 'vote', params: [I32, I32, I32, I32, I32], locals: [[6, I32]], body };
}

/**
 * complement(tv, votes, labels, tc, n, K, out): per example x < n the class b with the most
 * votes tv − votes (ties → lowest index); out[0] (i32) = #{b = label}, out[1] = #{tc[x] =
 * votes[x·K + label]} (every model of the complement wrong). tv, votes, tc u16; labels i32.
 */
function complementFunction(): WasmFunction {
  const [TV, VOTES, LAB, TC, N, K, OUT, X, R, BK, BV, KK, V, Y, MAJ, FAIL] = Array.from({ length: 16 }, (_, i) => i);
  const { body, emit } = emitter();
  const diffAt = (k: number[]) =>
    emit(get(TV), get(R), [I32_ADD], k, i32(1), [I32_SHL, I32_ADD], I32_LOAD16_U, get(VOTES), get(R), [I32_ADD], k, i32(1), [I32_SHL, I32_ADD], I32_LOAD16_U, [
      I32_SUB,
    ]);
  emit(i32(0), set(X), i32(0), set(R), i32(0), set(MAJ), i32(0), set(FAIL));
  emit([BLOCK, VOID, LOOP, VOID], get(X), get(N), [I32_GE_U, BR_IF, 1]);
  emit(i32(0), set(BK));
  diffAt(i32(0));
  emit(set(BV), i32(1), set(KK));
  emit([BLOCK, VOID, LOOP, VOID], get(KK), get(K), [I32_GE_U, BR_IF, 1]);
  diffAt(get(KK));
  emit(set(V), get(V), get(BV), [I32_GT_S, IF, VOID], get(V), set(BV), get(KK), set(BK), [END]);
  emit(get(KK), i32(1), [I32_ADD], set(KK), [BR, 0, END, END]);
  emit(get(LAB), get(X), i32(2), [I32_SHL, I32_ADD], I32_LOAD, set(Y));
  emit(get(MAJ), get(BK), get(Y), [I32_EQ, I32_ADD], set(MAJ));
  emit(get(FAIL), get(TC), get(X), i32(1), [I32_SHL, I32_ADD], I32_LOAD16_U, get(VOTES), get(R), [I32_ADD], get(Y), i32(1), [I32_SHL, I32_ADD], I32_LOAD16_U);
  emit([I32_EQ, I32_ADD], set(FAIL));
  emit(get(X), i32(1), [I32_ADD], set(X), get(R), get(K), i32(1), [I32_SHL, I32_ADD], set(R), [BR, 0, END, END]);
  emit(get(OUT), get(MAJ), I32_STORE, get(OUT), i32(4), [I32_ADD], get(FAIL), I32_STORE);
  return { name: 'complement', params: [I32, I32, I32, I32, I32, I32, I32], locals: [[9, I32]], body };
}

interface VoteKernel {
  vote: (pred: number, votes: number, best: number, n: number, K: number) => void;
  complement: (tv: number, votes: number, labels: number, tc: number, n: number, K: number, out: number) => void;
  memory: WasmMemory;
}

let compiled: object | null = null;

/** Largest memory the kernel takes (bytes); beyond it the JavaScript loops run. */
const MAX_BYTES = 1 << 28;

/** Votes and running majority of a growing ensemble, in WebAssembly memory. */
export interface Voter {
  /** N × K vote counts (u16), a view of the kernel's memory. */
  readonly votes: Uint16Array;
  /** Per example, the lowest class index among the most voted. */
  readonly best: Uint16Array;
  /** Adds model m's votes. */
  add(m: number): void;
  /** Keeps the current votes as the total the complement is taken of. */
  keepTotal(): void;
  /** Of the total minus the current votes: examples whose majority is the label, and examples with no vote for it. */
  complement(): { majority: number; allFail: number };
}

/** A voter over `preds` (M rows of N class indices < K ≤ 65536), or null when WebAssembly is unavailable or the data too large. */
export function wasmVoter(preds: readonly ArrayLike<number>[], labels: ArrayLike<number>, K: number): Voter | null {
  const M = preds.length;
  const N = labels.length;
  if (!wasmEnabled() || M === 0 || K > 65536 || M >= 65536) return null;
  const up8 = (b: number) => (b + 7) & ~7;
  const pVotes = 0,
    pBest = up8(N * K * 2),
    pTv = pBest + up8(N * 2),
    pTc = pTv + up8(N * K * 2),
    pLab = pTc + up8(N * 2),
    pOut = pLab + up8(N * 4),
    pPred = pOut + 8;
  const bytes = pPred + M * N * 4;
  if (bytes > MAX_BYTES) return null;
  if (!compiled) compiled = compile(moduleOf([voteFunction(), complementFunction()]));
  if (!compiled) return null;
  const k = instantiate<VoteKernel>(compiled);
  ensureMemory(k.memory, bytes);
  const buf = k.memory.buffer;
  preds.forEach((p, m) => new Int32Array(buf, pPred + m * N * 4, N).set(p));
  new Int32Array(buf, pLab, N).set(labels);
  const votes = new Uint16Array(buf, pVotes, N * K);
  const tv = new Uint16Array(buf, pTv, N * K);
  const tc = new Uint16Array(buf, pTc, N);
  const out = new Int32Array(buf, pOut, 2);
  return {
    votes,
    best: new Uint16Array(buf, pBest, N),
    add: (m) => k.vote(pPred + m * N * 4, pVotes, pBest, N, K),
    keepTotal: () => {
      tv.set(votes);
      for (let x = 0; x < N; x++) tc[x] = votes[x * K + labels[x]];
    },
    complement: () => {
      k.complement(pTv, pVotes, pLab, pTc, N, K, pOut);
      return { majority: out[0], allFail: out[1] };
    },
  };
}
