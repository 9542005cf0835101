/**
 * The WebAssembly module of the bootstrap's agreement counts (agreement-kernel.ts runs it):
 * `pairs` adds packed weights (several resamples' multiplicities in one double) to every pair of
 * members of each example, `flush` unpacks the packed pair sums into one total per resample,
 * `finish` turns a resample's pair totals into its agreement matrix — assembled here from their
 * instructions (wasm-asm.ts). Integer sums held exactly in doubles: the JavaScript loops of
 * agreement-kernel.ts give the same numbers bit for bit.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F64,
  F64_ADD,
  F64_FLOOR,
  F64_LOAD,
  F64_MUL,
  F64_NE,
  F64_STORE,
  F64_SUB,
  I32,
  I32_ADD,
  I32_GE_U,
  I32_LOAD,
  I32_LOAD16_U,
  I32_LOAD8_U,
  I32_MUL,
  I32_SHL,
  IF,
  LOOP,
  SELECT,
  VOID,
  f64,
  get,
  i32,
  emitter,
  moduleOf,
  set,
  type WasmFunction,
  type WasmMemory,
} from './wasm-asm.js';

/** Resamples per packed double, and the bits of each one's field (4 × 13 = 52 < 53: exact integers). */
export const PACKED = 4;
export const FIELD_BITS = 13;
export const FIELD_SCALE = [1, 2 ** FIELD_BITS, 2 ** (2 * FIELD_BITS), 2 ** (3 * FIELD_BITS)];
export const FIELD_INV = FIELD_SCALE.map((s) => 1 / s);

/**
 * pairs(t0, t1, rowBytes, S, E, members, groupEnd, pw, plural, acc, uOne, uOther, same): for each
 * active example t in [t0, t1) with packed weight pw[t] ≠ 0, every member a of S[t]..E[t] adds pw
 * to u[members[a]] (u = uOne where plural[t], else uOther) and, for every later member b, pw·same
 * (b in a's code group, below groupEnd[a]) or pw (after it) to acc[members[a]·M + members[b]].
 * Byte pointers; members u16, S/E/groupEnd u32, plural u8, the rest f64.
 */
function pairsFunction(): WasmFunction {
  const [T0, T1, ROWB, S, E, MEM, GEND, PW, PLURAL, ACC, UONE, UOTHER, SAME] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [T, A, EA, G, B, ROW, UBASE, ADDR, W, WS] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
  const { body, emit } = emitter();
  /** f64 at `addr` (an i32 on the stack, kept in ADDR) += local `v`. */
  const addAt = (v: number) => emit(set(ADDR), get(ADDR), get(ADDR), [F64_LOAD, 3, 0], get(v), [F64_ADD], [F64_STORE, 3, 0]);
  /** members[local b] · 8 + row, on the stack. */
  const memberAddr = (b: number) => emit(get(MEM), get(b), i32(1), [I32_SHL], [I32_ADD], I32_LOAD16_U, i32(3), [I32_SHL], get(ROW), [I32_ADD]);
  const inner = (upTo: number, v: number) => {
    emit([BLOCK, VOID, LOOP, VOID], get(B), get(upTo), [I32_GE_U, BR_IF, 1]);
    memberAddr(B);
    addAt(v);
    emit(get(B), i32(1), [I32_ADD], set(B), [BR, 0, END, END]);
  };
  emit(get(T0), set(T));
  emit([BLOCK, VOID, LOOP, VOID], get(T), get(T1), [I32_GE_U, BR_IF, 1]);
  emit(get(PW), get(T), i32(3), [I32_SHL], [I32_ADD], [F64_LOAD, 3, 0], set(W));
  emit(get(W), f64(0), [F64_NE, IF, VOID]);
  emit(get(W), get(SAME), [F64_MUL], set(WS));
  emit(get(UONE), get(UOTHER), get(PLURAL), get(T), [I32_ADD], I32_LOAD8_U, [SELECT], set(UBASE));
  emit(get(S), get(T), i32(2), [I32_SHL], [I32_ADD], I32_LOAD, set(A));
  emit(get(E), get(T), i32(2), [I32_SHL], [I32_ADD], I32_LOAD, set(EA));
  emit([BLOCK, VOID, LOOP, VOID], get(A), get(EA), [I32_GE_U, BR_IF, 1]);
  // mi = members[a]: u[mi] += w; row = acc + mi·rowBytes
  emit(get(MEM), get(A), i32(1), [I32_SHL], [I32_ADD], I32_LOAD16_U, set(ROW));
  emit(get(ROW), i32(3), [I32_SHL], get(UBASE), [I32_ADD]);
  addAt(W);
  emit(get(ROW), get(ROWB), [I32_MUL], get(ACC), [I32_ADD], set(ROW));
  emit(get(GEND), get(A), i32(2), [I32_SHL], [I32_ADD], I32_LOAD, set(G));
  emit(get(A), i32(1), [I32_ADD], set(B));
  inner(G, WS);
  inner(EA, W);
  emit(get(A), i32(1), [I32_ADD], set(A), [BR, 0, END, END]);
  emit([END]); // if
  emit(get(T), i32(1), [I32_ADD], set(T), [BR, 0, END, END]);
  return {
    name: 'pairs',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64],
    locals: [
      [8, I32],
      [2, F64],
    ],
    body,
  };
}

/**
 * flush(M, acc, out, outStride): for every pair i < j, v = acc[i·M+j] + acc[j·M+i] (both then
 * cleared) is unpacked — field l = ⌊v / 2^(13l)⌋ from the top — and field l added to
 * out_l[i·M+j], out_l = out + l·outStride (bytes).
 */
function flushFunction(): WasmFunction {
  const [M, ACC, OUT, OSTR, I, J, PIJ, PJI, ROWB, OIJ, ADDR, V, F] = Array.from({ length: 13 }, (_, i) => i);
  const { body, emit } = emitter();
  const addTo = (at: number[], v: number) => emit(at, set(ADDR), get(ADDR), get(ADDR), [F64_LOAD, 3, 0], get(v), [F64_ADD, F64_STORE, 3, 0]);
  emit(get(M), i32(3), [I32_SHL], set(ROWB), i32(0), set(I));
  emit([BLOCK, VOID, LOOP, VOID], get(I), get(M), [I32_GE_U, BR_IF, 1]);
  emit(get(I), i32(1), [I32_ADD], set(J));
  // PIJ = acc + (i·M + j)·8, PJI = acc + (j·M + i)·8, OIJ = out + (i·M + j)·8
  emit(get(I), get(M), [I32_MUL], get(J), [I32_ADD], i32(3), [I32_SHL], set(OIJ));
  emit(get(OIJ), get(ACC), [I32_ADD], set(PIJ), get(OIJ), get(OUT), [I32_ADD], set(OIJ));
  emit(get(J), get(M), [I32_MUL], get(I), [I32_ADD], i32(3), [I32_SHL], get(ACC), [I32_ADD], set(PJI));
  emit([BLOCK, VOID, LOOP, VOID], get(J), get(M), [I32_GE_U, BR_IF, 1]);
  emit(get(PIJ), [F64_LOAD, 3, 0], get(PJI), [F64_LOAD, 3, 0], [F64_ADD], set(V));
  emit(get(V), f64(0), [F64_NE, IF, VOID]);
  emit(get(PIJ), f64(0), [F64_STORE, 3, 0], get(PJI), f64(0), [F64_STORE, 3, 0]);
  for (let l = PACKED - 1; l > 0; l--) {
    emit(get(V), f64(FIELD_INV[l]), [F64_MUL, F64_FLOOR], set(F));
    emit(get(V), get(F), f64(FIELD_SCALE[l]), [F64_MUL, F64_SUB], set(V));
    addTo([...get(OIJ), ...get(OSTR), ...i32(l), I32_MUL, I32_ADD], F);
  }
  addTo(get(OIJ), V);
  emit([END]); // if
  emit(get(J), i32(1), [I32_ADD], set(J), get(PIJ), i32(8), [I32_ADD], set(PIJ), get(OIJ), i32(8), [I32_ADD], set(OIJ));
  emit(get(PJI), get(ROWB), [I32_ADD], set(PJI), [BR, 0, END, END]);
  emit(get(I), i32(1), [I32_ADD], set(I), [BR, 0, END, END]);
  return {
    name: 'flush',
    params: [I32, I32, I32, I32],
    locals: [
      [7, I32],
      [2, F64],
    ],
    body,
  };
}

/**
 * finish(M, out, u, total, mult): the agreement matrix in place of the pair totals `out` (upper
 * triangle): diagonal `total`, out[i·M+j] = out[j·M+i] = total − u[i] − u[j] + mult·out[i·M+j].
 */
function finishFunction(): WasmFunction {
  const [M, OUT, U, TOT, MULT, I, J, PIJ, PJI, ROWB, PUJ, UI] = Array.from({ length: 12 }, (_, i) => i);
  const { body, emit } = emitter();
  emit(get(M), i32(3), [I32_SHL], set(ROWB), i32(0), set(I));
  emit([BLOCK, VOID, LOOP, VOID], get(I), get(M), [I32_GE_U, BR_IF, 1]);
  emit(get(I), get(M), [I32_MUL], get(I), [I32_ADD], i32(3), [I32_SHL], get(OUT), [I32_ADD], get(TOT), [F64_STORE, 3, 0]);
  emit(get(U), get(I), i32(3), [I32_SHL, I32_ADD, F64_LOAD, 3, 0], set(UI));
  emit(get(I), i32(1), [I32_ADD], set(J));
  emit(get(I), get(M), [I32_MUL], get(J), [I32_ADD], i32(3), [I32_SHL], get(OUT), [I32_ADD], set(PIJ));
  emit(get(J), get(M), [I32_MUL], get(I), [I32_ADD], i32(3), [I32_SHL], get(OUT), [I32_ADD], set(PJI));
  emit(get(U), get(J), i32(3), [I32_SHL, I32_ADD], set(PUJ));
  emit([BLOCK, VOID, LOOP, VOID], get(J), get(M), [I32_GE_U, BR_IF, 1]);
  // v = ((total − u_i) − u_j) + mult·p, stored at (i, j) and (j, i)
  emit(get(PIJ), get(TOT), get(UI), [F64_SUB], get(PUJ), [F64_LOAD, 3, 0, F64_SUB], get(MULT), get(PIJ), [F64_LOAD, 3, 0, F64_MUL, F64_ADD]);
  emit(set(UI + 1), get(UI + 1), [F64_STORE, 3, 0], get(PJI), get(UI + 1), [F64_STORE, 3, 0]);
  emit(get(J), i32(1), [I32_ADD], set(J), get(PIJ), i32(8), [I32_ADD], set(PIJ), get(PUJ), i32(8), [I32_ADD], set(PUJ));
  emit(get(PJI), get(ROWB), [I32_ADD], set(PJI), [BR, 0, END, END]);
  emit(get(I), i32(1), [I32_ADD], set(I), [BR, 0, END, END]);
  return {
    name: 'finish',
    params: [I32, I32, I32, F64, F64],
    locals: [
      [6, I32],
      [2, F64],
    ],
    body,
  };
}

export interface AgreementKernel {
  pairs: (...args: number[]) => void;
  flush: (M: number, acc: number, out: number, outStride: number) => void;
  finish: (M: number, out: number, u: number, total: number, mult: number) => void;
  memory: WasmMemory;
}

/** The module's bytes: pairs, flush and finish, and its memory. */
export function agreementModule(): Uint8Array {
  return moduleOf([pairsFunction(), flushFunction(), finishFunction()]);
}
